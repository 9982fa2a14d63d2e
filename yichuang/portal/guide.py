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
   never a list of unrelated items.
4. Each entry is shown once, at the centre that handles it for this citizen: the site asked at,
   the centres above it, else their own township (`home`); an entry only townships offer, asked
   at the county without a known township, says so and the page offers the picker.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
import uuid
from dataclasses import dataclass, field

import jieba
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from yichuang.catalog import bundles as placing
from yichuang.catalog.models import Bundle, SearchSynonym, SiteItem
from yichuang.catalog.models.choices import VersionStatus
from yichuang.org.models import Site

from . import guide_words
from .models import ItemKeywords
from .online import handled_online

MAX_NEED_CHARS = 60
FIELD_WEIGHT = (3.0, 2.0, 0.6)  # name, keywords, the rest
BUNDLE_FACTOR = 1.3  # a need that is a life event ("孩子出生了") shows the bundle first
TOGETHER_FACTOR = 1.5  # more so when it says "一起办", "一次办完" (guide_words.TOGETHER)
PART_OF_PHRASE = 0.7  # a word found inside a longer keyword ("营业执照" in "营业执照变更"), not as one
RARE_SHARE = 0.12  # a word in more than this share of the documents is too common to decide alone
KEEP_SHARE = 0.3  # answers scoring under this share of the best are noise
MIN_COVERAGE = 0.3  # share of the need's words an answer must explain
GENERIC = 3000  # a word jieba's dictionary counts this often (为了, 朋友, 回家) says little about a service
NAMED_THING = frozenset("证照卡本簿票签费款")  # a word ending so names a thing: left unexplained, no answer
INDEX_SECONDS = 60  # item keywords change with a published version: seen within a minute
GENERATION_KEY = "portal:guide-index-generation"
NOT_TEXT = re.compile(r"[^\u4e00-\u9fffa-z0-9]+")
# What people add around a need that names no service. Single characters are dropped anyway
# unless a document's name or keywords hold them as a word (狗, 房).
FILLER = frozenset(
    "怎么 怎么办 怎样 如何 什么 哪些 哪里 哪儿 哪个 那个 这个 可以 能不能 能否 能够 需要 要求 想要 我想 我要 我们 "
    "我家 家里 咱们 他们 你们 一下 一个 有没有 是不是 需不需要 请问 你好 您好 谢谢 麻烦 手续 办理 办事 要办 去办 "
    "的话 了吗 吗 呢 吧 啊 呀 嘛 了 的 得 地 我 你 他 她 它 要 想 去 在 到 给 把 被 让 和 跟 与 还 也 都 就 "
    "又 再 才 办 找 弄 搞 做 能 会 有 没 不 是 个 些 点 下 上 里 说 问 俺 啥 啥子 咋 咋办 咋弄 听说 后面 "
    "怎么弄 怎么搞 在哪 哪交 该咋 要带 带啥 多少 一起 一次 现在 已经 刚刚 时候 "
    "请问一下 问一下 问问 麻烦问 打听 打听一下 知道 不知道 想问 咨询 咨询一下 请教 帮忙 帮我 看看 "
    "应该 必须 是否 之类 这种 那种 这样 那样 还是 或者 然后 所以 因为 但是 可是 如果 听人说 办证 办手续 证件 "
    "找人 找谁 找哪个 政府 管不管 申请".split()
)


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


@dataclass
class _Doc:
    kind: str
    key: str
    title: str
    fields: tuple[str, str, str]
    description: str = ""
    keywords: frozenset[str] = frozenset()  # the keyword field's words, each whole

    def __post_init__(self):
        self.keywords = frozenset(self.fields[1].split())


_FIELD_NAMES = ("名称", "关键词", "办理条件")
jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict…" on every worker's first answer
_tokenizer_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_known_words: set[str] = set()


def normalise(need: str | None) -> str:
    text = unicodedata.normalize("NFKC", need or "").lower()[:MAX_NEED_CHARS]
    return NOT_TEXT.sub(" ", text).strip()


def _county_of(site: Site) -> Site:
    chain = placing.scope(site)
    return chain[-1] if chain else site


def _synonyms() -> dict[str, list[str]]:
    return {t.lower(): e.lower().split() for t, e in SearchSynonym.objects.values_list("term", "expansions")}


def _build_index(county: Site) -> dict:
    sites = placing.reach(county)
    docs: dict[str, _Doc] = {}
    rows = SiteItem.objects.filter(site__in=sites, is_active=True, version__status=VersionStatus.PUBLISHED)
    plain = {k.entry: " ".join(k.word_list) for k in ItemKeywords.objects.all()}
    for code, name, keywords, conditions, result in rows.values_list(
        "item__basic_code", "version__name", "version__keywords", "version__conditions", "version__result_name"
    ):
        entry = placing.entry_of(code)
        if entry not in docs:
            said = f"{keywords} {plain.get(entry, '')}".lower()
            docs[entry] = _Doc("item", entry, name, (name.lower(), said, f"{conditions} {result}".lower()))
    for bundle in placing.available(county):
        # A life event also answers what its items answer (早餐店 → 开办小餐饮一件事), weakly.
        parts = [docs[e].fields[0] + " " + docs[e].fields[1] for e in _bundle_entries(bundle) if e in docs]
        docs[f"bundle:{bundle.code}"] = _Doc(
            "bundle",
            bundle.code,
            bundle.name,
            (bundle.name.lower(), bundle.keywords.lower(), f"{bundle.description} {' '.join(parts)}".lower()),
            bundle.description,
        )
    synonyms = _synonyms()
    words = {w for d in docs.values() for w in d.fields[1].split()} | {d.fields[0] for d in docs.values()}
    words |= set(synonyms) | {e for exp in synonyms.values() for e in exp}
    doc_list = list(docs.values())
    vocabulary = sorted(w for w in words if len(w) >= 2)
    return {
        "docs": doc_list,
        "synonyms": synonyms,
        "words": vocabulary,
        "ages": _age_limits(doc_list),
        "sounds": guide_words.sounds_of(
            vocabulary, lambda w: sum(w in d.fields[0] or w in d.fields[1] for d in doc_list)
        ),
    }


def _age_limits(docs: list[_Doc]) -> dict[str, dict]:
    """Where the catalogue sets age limits: "年满80周岁" in 高龄津贴's conditions, "80岁" in its
    keywords. {">=80": {doc number: best field}}; a need's age is matched against these."""
    found: dict[str, dict[int, int]] = {}
    for n, doc in enumerate(docs):
        for field_no in (1, 2):
            for kind, years in guide_words.doc_limits(doc.fields[field_no]):
                found.setdefault(f"{kind}{years}", {}).setdefault(n, field_no)
    return found


def _age_hits(index: dict, word: str) -> list[tuple[int, tuple[int, str]]]:
    """The documents whose tightest age limit the need's age ("83岁", "<18岁") meets."""
    ages = index.get("ages", {})  # an index cached by the version before (a minute at most)
    limits: dict[str, set[int]] = {}
    for key in ages:
        limits.setdefault(key[: -len(key.lstrip("<>="))], set()).add(int(key.lstrip("<>=")))
    limit = guide_words.age_meets(word, limits)
    if limit is None:
        return []
    kind, years = limit
    said = f"{'未满' if kind == guide_words.UPPER else '年满'}{years}周岁"
    return [(n, (field_no, said)) for n, field_no in ages[f"{kind}{years}"].items()]


def _bundle_entries(bundle: Bundle) -> list[str]:
    return [placing.entry_of(code) for code in bundle.bundle_items.values_list("item__basic_code", flat=True)]


def _index(site: Site) -> dict:
    """The county's index. This process keeps its own copy while the shared cache still holds
    the token it was taken with (unpickling the index from the shared cache on every answer
    cost ~15 ms); the token goes with an edit (a new generation), after INDEX_SECONDS, or when
    the cache's rows go (a test's rollback)."""
    county = _county_of(site)
    key = f"portal:guide-index:{cache.get(GENERATION_KEY, 0)}:{county.pk}"
    token = cache.get(f"{key}:token")
    held = _local.get(county.pk)
    if held is not None and token is not None and held[:2] == (key, token):
        return held[2]
    index = cache.get(key)
    if index is None or token is None:
        index = _build_index(county)
        token = uuid.uuid4().hex
        cache.set_many({key: index, f"{key}:token": token}, INDEX_SECONDS)
    _local[county.pk] = (key, token, index)
    return index


_local: dict[int, tuple[str, str, dict]] = {}  # county → (cache key, token, index)


def _index_changed(**kwargs) -> None:
    """An administrator's edit of a synonym, life event or item's 检索关键词 shows in the next answer."""
    cache.set(GENERATION_KEY, cache.get(GENERATION_KEY, 0) + 1, None)


for _model in (SearchSynonym, Bundle, ItemKeywords):
    post_save.connect(_index_changed, sender=_model, dispatch_uid=f"portal-guide-{_model.__name__}-saved")
    post_delete.connect(_index_changed, sender=_model, dispatch_uid=f"portal-guide-{_model.__name__}-deleted")


def _tokenizer_with(words: list[str]) -> jieba.Tokenizer:
    """One jieba tokenizer for the process, with the catalogue's phrases known as words; its
    dictionary loads once (about a second). Call with _tokenizer_lock held."""
    global _tokenizer
    if _tokenizer is None:
        _tokenizer = jieba.Tokenizer()
        _tokenizer.initialize()
    for word in words:
        if word not in _known_words and " " not in word:
            _tokenizer.add_word(word, freq=200000)
            _known_words.add(word)
    return _tokenizer


def units_of(need: str, index: dict) -> list[tuple[str, list[str]]]:
    return read(need, index).units


@dataclass
class Need:
    """A need as the guide reads it."""

    units: list[tuple[str, list[str]]]  # (word, the word and its parts)
    said: dict[str, str]  # what the citizen typed for a word read otherwise: {"低保": "低宝"}
    together: bool = False  # "一起办": asks for a life event
    generic: frozenset[str] = frozenset()  # words that say little (为了, 朋友, 孩子): not counted against an answer


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
    with _tokenizer_lock:
        tokenizer = _tokenizer_with(index["words"])
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
                units.append((unit, list(dict.fromkeys([unit, *parts]))))
        generic = {
            u
            for u, _ in units
            if u in guide_words.PERSONS or (u not in known and (tokenizer.FREQ.get(u) or 0) >= GENERIC)
        }
    read_as = {word: typed for typed, word in fixes + by_sound}
    said = dict(read_as)
    for _, parts in units:  # 社宝卡 read as 社保卡: its part 社保 was typed 社宝卡 too
        for part in parts:
            typed = next((t for w, t in read_as.items() if part in w), None)
            if typed is not None and part not in said:
                said[part] = typed
    said = {w: t for w, t in said.items() if w != t}
    return Need(units, said, guide_words.wants_together(text), frozenset(generic))


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


def _where(doc: _Doc, word_options: list[str]) -> tuple[int, str] | None:
    """(field index, the option found) of the best field that holds the word, or None."""
    for n, text in enumerate(doc.fields):
        for option in word_options:
            if option in text:
                return n, option
    return None


def _names_a_thing(unit: str) -> bool:
    """ "驾驶证", "护照", "公积金卡": a word ending in 证/照/卡/本/票/费 … that names a particular thing;
    not "换证", "办证", "一本" (a handling verb or a number and the thing in general)."""
    return len(unit) >= 2 and unit[-1] in NAMED_THING and unit[:-1] not in guide_words.HANDLING


def _explains(doc_words: set[str], need: Need, known: set[str]) -> bool:
    """Whether a document answers the need rather than one side word of it: it explains at least
    MIN_COVERAGE of the need's words, and the need names no thing (a 证, 照, 卡, 票, 费 …) that
    no document knows — "驾驶证到期" is not about 身份证 just because both expire. A word that says
    little (a person, a very common word such as 为了 or 朋友) counts only when it is explained."""
    explained = counted = 0
    for unit, parts in need.units:
        if _names_a_thing(unit) and not any(p in known for p in parts if _names_a_thing(p) or p == unit):
            return False  # "结婚照" is not 结婚证 because 结婚 is known
        hit = any(p in doc_words for p in parts)
        explained += hit
        counted += hit or unit not in need.generic
    return explained / max(counted, 1) >= MIN_COVERAGE


def _said(word: str, said: dict[str, str]) -> str:
    """How the reason names a word: as typed, and how it was read when that differs."""
    return f"“{said[word]}”(即“{word}”)" if word in said else f"“{word}”"


def _score(index: dict, need: Need) -> list[tuple[_Doc, float, list[str]]]:
    docs, synonyms = index["docs"], index["synonyms"]
    units, said, together = need.units, need.said, need.together
    total = max(len(docs), 1)
    scored: dict[int, list] = {}
    known: set[str] = set()  # the need's words some document holds
    for word in dict.fromkeys(w for _, parts in units for w in parts):
        if guide_words.is_age(word):
            hits = _age_hits(index, word)
        else:
            options = _options(word, synonyms)
            hits = [(n, found) for n, d in enumerate(docs) if (found := _where(d, options)) is not None]
        if not hits:
            continue
        known.add(word)
        rarity = math.log(1 + total / len(hits))
        rare = len(hits) <= max(3, RARE_SHARE * total)
        for n, (field_no, option) in hits:
            row = scored.setdefault(n, [0.0, [], False, set()])
            part = field_no == 1 and option not in docs[n].keywords and not guide_words.is_age(word)
            # Asked "一起办", a life event answers what its items answer as strongly as they do.
            weight = (
                FIELD_WEIGHT[1] if together and docs[n].kind == "bundle" and field_no == 2 else FIELD_WEIGHT[field_no]
            )
            row[0] += rarity * weight * min(len(word), 4) / 2 * (PART_OF_PHRASE if part else 1)
            row[1].append(
                (
                    word,
                    _said(word, said) + (f" → {option}" if option != word else "") + f"({_FIELD_NAMES[field_no]})",
                )
            )
            # A rare word in an item's name or keywords, not only its conditions; a life event's
            # description and items count as its keywords.
            row[2] = row[2] or (rare and word not in guide_words.PERSONS and (field_no < 2 or docs[n].kind == "bundle"))
            row[3].add(word)
    ranked = []
    for n, (score, why, has_rare, words) in scored.items():
        if has_rare and _explains(words, need, known):
            doc = docs[n]
            # The reasons shown: a word inside a longer matched word (开饭 in 开饭店) says nothing more.
            shown = [text for word, text in why if not any(word != w and word in w for w, _ in why)]
            factor = (BUNDLE_FACTOR * (TOGETHER_FACTOR if together else 1)) if doc.kind == "bundle" else 1
            ranked.append((doc, score * factor, shown))
    ranked.sort(key=lambda r: (-r[1], r[0].kind != "bundle", r[0].title))
    if ranked:
        best = ranked[0][1]
        ranked = [r for r in ranked if r[1] >= KEEP_SHARE * best]
    return ranked


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
    index = _index(site)
    ranked = _score(index, read(need, index))[:limit]
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
