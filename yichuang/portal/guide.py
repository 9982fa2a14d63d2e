"""智能导办: a need in plain Chinese ("孩子出生了要办什么") → the items and life events to apply for,
ranked, each with the words that made it an answer and the centre that handles it (R-11, R-16;
issue 15 §2).

1. The need is read in standard words first: dialect (俺娃 → 我孩子) and look-alike characters
   (户囗 → 户口) made standard, and a stretch typed with the wrong character of the same sound
   (低宝, 社宝卡) read as the catalogue's word (`guide_words`; decision 0136). It is then cut into
   words by jieba (its dictionary ships in the package; decision 0040), with the phrases the
   catalogue knows added as words: item names and keywords, the words villagers use per item
   (检索关键词, `ItemKeywords`), life-event keywords and the synonym table administrators edit.
   Filler ("怎么办", "我想", "请问") is dropped.
2. Each word stands for itself and for what the synonym table says it means (低保 → 最低生活保障).
3. Every catalogue entry offered in the county (and every life event) is a small document: name,
   keywords (the version's and the entry's 检索关键词), and its conditions and result. A word found in it scores by where (name > keywords >
   the rest) times how rare the word is across the documents (a word in every item, "申请",
   says nothing). A document must match at least one rare word in its name or keywords and
   explain enough of the need (`_explains`); with none, the answer is an honest "没有找到",
   never a list of unrelated items. So is it when the best answer's evidence is weak (MIN_EVIDENCE),
   and for a complaint or report (投诉, 举报), which 12345 and 办不成事 take (decision 0145).
4. The answers are fused with the nearest of the 常见问法 the centre keeps (example needs and the
   entry that answers each, or none: `guide_examples`; decision 0146): an example close enough
   answers as it was answered, near ones move their entries up, and weak words with no example
   near are "没有找到".
5. Each entry is shown once, at the centre that handles it for this citizen: the site asked at,
   the centres above it, else their own township (`home`); an entry only townships offer, asked
   at the county without a known township, says so and the page offers the picker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from yichuang.catalog import bundles as placing
from yichuang.catalog.models import SiteItem
from yichuang.org.models import Site

from . import guide_examples, guide_words
from .guide_index import (  # noqa: F401  (MAX_NEED_CHARS: the views cut a need to it)
    FIELD_NAMES,
    MAX_NEED_CHARS,
    Doc,
    age_hits,
    index_for,
    normalise,
    tokenizer_lock,
    tokenizer_with,
)
from .guide_things import NAMED_THING, names_a_thing, thing_heads
from .guide_words import FILLER
from .online import handled_online

FIELD_WEIGHT = (3.0, 2.0, 0.6)  # name, keywords, the rest
BUNDLE_FACTOR = 1.3  # a need that is a life event ("孩子出生了") shows the bundle first
TOGETHER_FACTOR = 1.5  # more so when it says "一起办", "一次办完" (guide_words.TOGETHER)
PART_OF_PHRASE = 0.7  # a word found inside a longer keyword ("营业执照" in "营业执照变更"), not as one
RARE_SHARE = 0.12  # a word in more than this share of the documents is too common to decide alone
KEEP_SHARE = 0.3  # answers scoring under this share of the best are noise
# The best answer must score at least this share of what one two-character keyword held by that
# answer alone scores (in the demo county 8.9): a word found only inside a longer keyword that
# several items share (账户 in 养老账户退钱, 4.7) is too weak alone. Relative, so a county with a
# small catalogue is held to the same evidence. The weakest right answer of the tuning needs
# scored 0.59 of it, the strongest wrong one for a need with no item 0.53 (decision 0145).
MIN_EVIDENCE = 0.56
# Share of the need's words an answer must explain: more than one of three (was 0.3: one word of
# three — 读书 in 孩子想转学到城里读书 — made an answer; 0.34 to 0.5 lose no tuning need, decision 0145).
MIN_COVERAGE = 0.34
# 常见问法 (decision 0146), read off the bank leave-one-out (bench/smart_guide_bank.py): a need whose
# nearest example is this close (cosine of character-pair TF-IDF) is asked as that example was —
# 4 of 4 such nearest examples had the same answer at 0.7, 19 of 21 at 0.6 …
EXAMPLE_SURE = 0.7
EXAMPLE_SURE_BONUS = 1.0  # … so its entry comes before any lexical answer (those score at most 1 + EXAMPLE_WEIGHT)
# … an entry whose nearest example is this close joins the lexical answers (79 of 98 right at 0.4) …
EXAMPLE_JOIN = 0.4
EXAMPLE_WEIGHT = 0.5  # … and an answer scores its share of the best lexical score plus this × its example's cosine.
# Lexical evidence under this multiple of MIN_EVIDENCE with no item's example this near is no answer:
# +2 honest-empty, −0.2 top-3 on the bank (leave-one-out).
EXAMPLE_LEX_STRONG = 1.2
EXAMPLE_WEAK = 0.3
# An entry's profile (guide_examples.profiles) adds to an answer's score as its nearest example
# does, and the PROFILE_TOP best of at least PROFILE_JOIN join words that found an answer; it never
# answers alone (+1 tuning need, −1 honest empty answer). Read off the tuning tables (decision 0147).
PROFILE_JOIN = 0.1
PROFILE_TOP = 3
# Words under this multiple of MIN_EVIDENCE are no answer when the need's profile is closest to the
# not-handled examples' and at least NOT_HERE_FLOOR: +2 honest-empty on the bank, no loss (0147).
NOT_HERE_LEX = 2.0
NOT_HERE_FLOOR = 0.05
# ... or this share when the answer is named by a word of the need that is its name or one of its
# keywords as a whole and that few items share (早餐店, 滑坡, 官司): specific enough that the rest of
# a long need (包子豆浆, 今年夏天, 后墙) is the citizen's story, not another topic.
MIN_COVERAGE_NAMED = 0.15
NAMED_PHRASE = 2  # characters
# ... and a name or whole keyword this long (小吃店, 纳税证明) outweighs a thing no item knows beside
# it (健康证, 买车); a two-character one does not (出国 beside 护照, 年审 beside 汽车: the thing is the topic).
NAMED_OVER_THING = 3
GENERIC = 3000  # a word jieba's dictionary counts this often (为了, 朋友, 回家) says little about a service
FUNCTION_WORD = 10000  # ... and this often (不能, 不要, 东西, 没有) says nothing: it never decides


@dataclass
class Suggestion:
    kind: str  # "item" or "bundle"
    key: str  # the entry (first nine digits of the basic code) or the bundle code
    title: str
    site: Site | None  # the centre that handles it for this citizen; None: "your township's"
    score: float
    basic_code: str = ""
    department: str = ""
    description: str = ""
    matched: list[str] = field(default_factory=list)  # "低保 → 最低生活保障(事项名称)"
    address: str = ""
    online: bool = False  # an item handled online (online.handled_online) at the site that handles it


def units_of(need: str, index: dict) -> list[tuple[str, list[str]]]:
    return read(need, index).units


@dataclass
class Need:
    """A need as the guide reads it."""

    units: list[tuple[str, list[str]]]  # (word, the word and its parts)
    said: dict[str, str]  # what the citizen typed for a word read otherwise: {"低保": "低宝"}
    together: bool = False  # "一起办": asks for a life event
    generic: frozenset[str] = frozenset()  # words that say little (为了, 朋友, 孩子): not counted against an answer
    empty: frozenset[str] = frozenset()  # words that say nothing (不能, 东西): found inside a keyword, decide nothing
    complaint: bool = False  # "投诉", "举报": no item answers it (guide_words.COMPLAINT)


def _things_joined(words) -> list[str]:
    """jieba leaves 证/照/卡 … alone after a word it does not know with it ("老年" "证"): join them, so
    the need still names the thing ("老年证") and an answer about 老年 alone is not given."""
    out: list[str] = []
    for word in words:
        if len(word) == 1 and word in NAMED_THING and out and len(out[-1]) >= 2 and out[-1] not in FILLER:
            out[-1] += word
        else:
            out.append(word)
    return out


def read(need: str, index: dict) -> Need:
    """The need's words that may mean something — (word, the word and its parts) — cut by
    jieba's precise mode, the parts by its search mode (社保卡 → 社保, 社保卡) — and what the citizen
    typed for the words read otherwise ({"低保": "低宝", "孩子": "娃"}), and whether it asks for things
    done together ("一起办": a life event). No filler; a single character only when a document
    names it as a keyword or a synonym term (狗)."""
    singles = {w for d in index["docs"] for w in d.fields[1].split() if len(w) == 1} | {
        t for t in index["synonyms"] if len(t) == 1
    }
    text, fixes = guide_words.standard(normalise(need))
    units: list[tuple[str, list[str]]] = []
    with tokenizer_lock:
        tokenizer = tokenizer_with(index["words"])
        known = set(index["words"])
        text, by_sound = guide_words.by_sound(text, index.get("sounds", {}), known | FILLER, tokenizer.FREQ.get)
        text, ages = guide_words.cut_ages(guide_words.rejoin(text))
        units += [(age, [age]) for age in ages]
        for chunk in text.split():
            for unit in _things_joined(tokenizer.cut(chunk, HMM=False)):
                if unit in FILLER or (len(unit) == 1 and unit not in singles):
                    continue
                parts = [w for w in tokenizer.cut_for_search(unit, HMM=False) if len(w) >= 2 and w not in FILLER]
                parts += [ch for ch in unit if ch in singles and len(unit) > 1]  # 土狗 → 狗
                parts += thing_heads(unit, index["docs"], known, tokenizer.FREQ)
                units.append((unit, list(dict.fromkeys([unit, *parts]))))
        generic = {
            u
            for u, _ in units
            if u in guide_words.PERSONS or (u not in known and (tokenizer.FREQ.get(u) or 0) >= GENERIC)
        }
        empty = {u for u in generic if u not in known and (tokenizer.FREQ.get(u) or 0) >= FUNCTION_WORD}
    read_as = {word: typed for typed, word in fixes + by_sound}
    said = dict(read_as)
    for _, parts in units:  # 社宝卡 read as 社保卡: its part 社保 was typed 社宝卡 too
        for part in parts:
            typed = next((t for w, t in read_as.items() if part in w), None)
            if typed is not None and part not in said:
                said[part] = typed
    said = {w: t for w, t in said.items() if w != t}
    together, complaint = guide_words.wants_together(text), guide_words.complains(text)
    return Need(units, said, together, frozenset(generic), frozenset(empty), complaint)


def words_of(need: str, index: dict) -> list[str]:
    return list(dict.fromkeys(w for _, parts in units_of(need, index) for w in parts))


def _options(word: str, synonyms: dict[str, list[str]]) -> list[str]:
    options = [word]
    for term, expansions in synonyms.items():
        if term == word:
            options += expansions
        elif len(term) >= 2 and term in word:  # 社保卡 → 社会保障卡, not every 社会保险 item
            options += [word.replace(term, e) for e in expansions]
    return list(dict.fromkeys(options))


def _where(doc: Doc, word_options: list[str]) -> tuple[int, str] | None:
    """(field index, the option found) of the best field that holds the word, or None."""
    for n, text in enumerate(doc.fields):
        for option in word_options:
            if option in text:
                return n, option
    return None


def _explains(doc_words: set[str], need: Need, known: set[str], named: frozenset[str] = frozenset()) -> bool:
    """Whether a document answers the need rather than one side word of it: it explains at least
    MIN_COVERAGE of the need's words, and the need names no thing (a 证, 照, 卡, 票, 费 …) that
    no document knows — "驾驶证到期" is not about 身份证 just because both expire. A word that says
    little (a person, a very common word such as 为了 or 朋友) counts only when it is explained.
    `named`: the words of the need that name this document as a whole (its name or a keyword);
    a document named by another, long word of the need answers it even beside an unknown thing — in
    小吃店要办健康证吗 the 健康证 is the citizen's context, 小吃店 the item."""
    explained = counted = 0
    for unit, parts in need.units:
        unknown_thing = names_a_thing(unit) and not any(p in known for p in parts if names_a_thing(p) or p == unit)
        named_elsewhere = any(
            p in named and len(p) >= NAMED_OVER_THING for u, ps in need.units if u != unit for p in ps if p not in parts
        )
        if unknown_thing and not named_elsewhere:
            return False  # "结婚照" is not 结婚证 because 结婚 is known
        hit = any(p in doc_words for p in parts)
        explained += hit
        counted += hit or unit not in need.generic
    return explained / max(counted, 1) >= (MIN_COVERAGE_NAMED if named else MIN_COVERAGE)


def _said(word: str, said: dict[str, str]) -> str:
    """How the reason names a word: as typed, and how it was read when that differs."""
    return f"“{said[word]}”(即“{word}”)" if word in said else f"“{word}”"


def _score(index: dict, need: Need) -> list[tuple[Doc, float, list[str]]]:
    docs, synonyms = index["docs"], index["synonyms"]
    if need.complaint:
        return []
    units, said, together = need.units, need.said, need.together
    total = max(len(docs), 1)
    scored: dict[int, list] = {}
    known: set[str] = set()  # the need's words some document names, keys or gives (not only requires)
    typed = {unit for unit, _ in units}
    for word in dict.fromkeys(w for _, parts in units for w in parts):
        if guide_words.is_age(word):
            hits = age_hits(index, word)
        else:
            options = _options(word, synonyms)
            hits = [(n, found) for n, d in enumerate(docs) if (found := _where(d, options)) is not None]
        if not hits:
            continue
        rarity = math.log(1 + total / len(hits))
        rare = len(hits) <= max(3, RARE_SHARE * total)
        for n, (field_no, option) in hits:
            row = scored.setdefault(n, [0.0, [], False, set(), set()])
            part = field_no == 1 and option not in docs[n].keywords and not guide_words.is_age(word)
            # Asked "一起办", a life event answers what its items answer as strongly as they do.
            weight = (
                FIELD_WEIGHT[1] if together and docs[n].kind == "bundle" and field_no == 2 else FIELD_WEIGHT[field_no]
            )
            row[0] += rarity * weight * min(len(word), 4) / 2 * (PART_OF_PHRASE if part else 1)
            row[1].append(
                (
                    word,
                    _said(word, said) + (f" → {option}" if option != word else "") + f"({FIELD_NAMES[field_no]})",
                )
            )
            # A rare word in an item's name or keywords, not only its conditions; a life event's
            # description and items count as its keywords.
            # A word that says nothing (不能, 东西) found only inside a longer keyword (生活不能自理)
            # makes no answer.
            decides = rare and word not in guide_words.PERSONS and not (part and word in need.empty)
            row[2] = row[2] or (decides and (field_no < 2 or docs[n].kind == "bundle"))
            row[3].add(word)
            whole = field_no == 0 or option in docs[n].keywords
            if rare and word in typed and len(word) >= NAMED_PHRASE and whole and word not in need.generic:
                row[4].add(word)
            # A 证 an item only requires (健康证 in 小餐饮店登记's conditions) is not one it gives.
            if field_no < 2 or docs[n].kind == "bundle" or word in getattr(docs[n], "result", word):
                known.add(word)
    ranked = []
    for n, (score, why, has_rare, words, named) in scored.items():
        if has_rare and _explains(words, need, known, frozenset(named)):
            doc = docs[n]
            # The reasons shown: a word inside a longer matched word (开饭 in 开饭店) says nothing more.
            shown = [text for word, text in why if not any(word != w and word in w for w, _ in why)]
            factor = (BUNDLE_FACTOR * (TOGETHER_FACTOR if together else 1)) if doc.kind == "bundle" else 1
            ranked.append((doc, score * factor, shown))
    ranked.sort(key=lambda r: (-r[1], r[0].kind != "bundle", r[0].title))
    if ranked and ranked[0][1] < MIN_EVIDENCE * math.log(1 + total) * FIELD_WEIGHT[1]:
        ranked = []
    if ranked:
        best = ranked[0][1]
        ranked = [r for r in ranked if r[1] >= KEEP_SHARE * best]
    return ranked


def _with_examples(index: dict, text: str, ranked: list, leave_out: str | None = None) -> list:
    """The lexical answers fused with the nearest 常见问法 (decision 0146). An example close enough
    (EXAMPLE_SURE) decides: its entry comes first, or "没有找到" when the centre does not handle it.
    Otherwise each answer scores its share of the best lexical score plus its nearest example's
    similarity; entries whose examples are near (EXAMPLE_JOIN) join the lexical answers; and weak
    words with no example near are no answer."""
    closest: dict[str, str] = {}
    near = guide_examples.nearest(index.get("examples", {}), text, leave_out, closest)
    answer, sim = max(near.items(), key=lambda kv: kv[1], default=(None, 0.0))
    # Only what the examples say at all moves answers; to decide alone an example must be like the
    # whole need (家里养了条金鱼 is not asked as 家里养了条狗要登记吗).
    sure = EXAMPLE_SURE / max(guide_examples.said_share(index.get("examples", {}), text), 1e-9)
    if answer == guide_examples.NO_ITEM and sim >= sure and not _thing_apart(index, ranked, text, closest[answer]):
        return []  # asked like a question the centre does not handle
    items = {a: s for a, s in near.items() if a != guide_examples.NO_ITEM}
    profile = guide_examples.profiles(index.get("examples", {}), text, leave_out)
    leading = sorted(((s, a) for a, s in profile.items() if a != guide_examples.NO_ITEM), reverse=True)
    leading = {a for s, a in leading[:PROFILE_TOP] if s >= PROFILE_JOIN}
    weak = ranked and ranked[0][1] < EXAMPLE_LEX_STRONG * _evidence(index)
    if ranked and ranked[0][1] < NOT_HERE_LEX * _evidence(index) and guide_examples.not_here(profile, NOT_HERE_FLOOR):
        return []
    if weak and max(items.values(), default=0.0) < EXAMPLE_WEAK:
        return []
    best = ranked[0][1] if ranked else 1.0
    fused = {id(doc): [doc, score / best, why] for doc, score, why in ranked}
    for doc in index["docs"]:
        key = doc.key if doc.kind == "item" else f"bundle:{doc.key}"
        similar = items.get(key, 0.0)
        joins = similar >= (EXAMPLE_JOIN if ranked else sure) or (ranked and key in leading)
        if id(doc) not in fused and not joins:
            continue
        row = fused.setdefault(id(doc), [doc, 0.0, []])
        row[1] += EXAMPLE_WEIGHT * (similar + profile.get(key, 0.0)) + (EXAMPLE_SURE_BONUS if similar >= sure else 0.0)
        if similar >= EXAMPLE_JOIN:
            row[2] = [*row[2], f"与常见问法“{closest[key]}”相近"]
        elif not row[2]:  # joined by its profile alone: say so rather than show no reason
            row[2] = ["与此事项的常见问法整体相近"]
    return sorted(map(tuple, fused.values()), key=lambda r: (-r[1], r[0].kind != "bundle", r[0].title))


def _thing_apart(index: dict, ranked: list, text: str, example: str) -> bool:
    """Whether the need names a thing the best lexical answer knows in its name or keywords (a word
    ending in 证/照/卡 …) that the close example lacks: 残疾证到期换证 is not asked as 驾驶证到期换证
    was, though most of its character pairs are the same (decision 0147)."""
    if not ranked:
        return False
    doc, example = ranked[0][0], guide_words.standard(normalise(example))[0]
    said = doc.fields[0] + " " + doc.fields[1]
    return any(names_a_thing(w) and w in said and w not in example for w in words_of(text, index))


def _evidence(index: dict) -> float:
    return MIN_EVIDENCE * math.log(1 + max(len(index["docs"]), 1)) * FIELD_WEIGHT[1]


def _handled_at(site: Site, home: Site | None, entries: list[str]) -> dict[str, SiteItem]:
    """For each entry, the site item of the nearest centre that handles it for this citizen."""
    chain = placing.scope(site)
    if home is not None:
        chain += [s for s in placing.scope(home) if s.pk not in {c.pk for c in chain}]
    rank = {s.pk: n for n, s in enumerate(chain)}
    found: dict[str, SiteItem] = {}
    for si in placing.offered(chain, entries):
        entry = placing.entry_of(si.item.basic_code)
        if entry not in found or rank[si.site_id] < rank[found[entry].site_id]:
            found[entry] = si
    return found


def suggest(site: Site, need: str | None, limit: int = 8, home: Site | None = None) -> list[Suggestion]:
    """Items and life events for a plain-language need, best first; [] when nothing fits."""
    if not normalise(need):
        return []
    index = index_for(site)
    ranked = _with_examples(index, need, _score(index, read(need, index)))[:limit]
    places = _handled_at(site, home, [d.key for d, _, _ in ranked if d.kind == "item"])
    answers = []
    for doc, score, why in ranked:
        suggestion = Suggestion(doc.kind, doc.key, doc.title, site, round(score, 2), matched=why)
        if doc.kind == "bundle":
            suggestion.description = doc.description
        else:
            si = places.get(doc.key)
            suggestion.site = si.site if si else None
            if si is not None:
                suggestion.basic_code = si.item.basic_code
                suggestion.department = si.version.department.name
                suggestion.address = si.version.location or si.site.address
                suggestion.online = handled_online(si.version)
        answers.append(suggestion)
    return answers


def scope_sites(site: Site) -> list[Site]:
    """The citizen's site and the centres above it, nearest first."""
    return placing.scope(site)
