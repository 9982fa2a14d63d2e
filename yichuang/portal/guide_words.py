"""The smart guide's own word tables (issue 15 §1, second pass): what people say that no synonym
can catch because it is grammar, not vocabulary.

- Ages in words: "八十三岁", "九十多岁", "不满十八岁" → an age (cn2an reads the numeral; decision
  0112). An age answers the items whose conditions set an age limit it meets — the tightest one:
  83 meets "年满80周岁" (高龄津贴) before "年满60周岁"; "不满18岁" meets "未满18周岁". The limits
  are read from the catalogue's own conditions and keywords, so a county that changes an item's
  age limit changes what the guide answers, with no table to keep in step.
- 离合词: "结了婚", "离过婚", "退了休", "下了岗", "生了个娃" — a verb and its object with 了/过/个
  between them — are joined back ("结婚", "生孩子") so the synonym table sees the word it knows.

- Dialect and shape slips (third pass, decision 0136): words of the language rather than of the
  catalogue — 俺 → 我, 娃/伢/崽 → 孩子, 囡 → 女儿, 屋里 → 家里, 没得 → 没有, 户囗 → 户口 — are made
  standard before anything else reads the need.
- Sound-alikes: a villager types by pinyin and picks the wrong character (低宝, 社宝卡, 身分证, 残疾症).
  A stretch of the need that is no word of the catalogue nor a common word of jieba's dictionary,
  but sounds like a word of the catalogue, is read as that word (pypinyin gives the sounds).

Vocabulary (plain words for catalogue terms) belongs in the data the county edits — the words
per item (portal.ItemKeywords) and the synonym table (catalog.SearchSynonym) — not here."""

from __future__ import annotations

import re

import cn2an
from pypinyin import lazy_pinyin

NUMERAL = "零〇一二两三四五六七八九十百"
# "不满十八岁", "八十多岁", "60周岁", "九十好几岁": the number and whether it is an upper limit.
NEED_AGE = re.compile(rf"(不满|未满|没满|没到|不到)?([{NUMERAL}]{{1,5}}|\d{{1,3}})(?:多|几|来|好几)?周?岁")
# In the catalogue: "年满80周岁" (a lower limit), "未满18周岁" / "16周岁以下" (an upper one), "80岁".
# Older people say an age without 岁: "都过六十了", "满六十就能领", "快八十了" — a whole number of
# tens after 满/过/到/快, or before 了, and no unit after it (六十块, 六十亩 are no age).
_TENS = "[二三四五六七八九]十[一二三四五六七八九]?|[2-9][0-9]"
SPOKEN_AGE = re.compile(
    rf"(?:(?:年满|年过|满了|过了|到了|满|过|到|快)({_TENS})多?(?![个块元亩斤年天万平米次分条头只间套层])"
    rf"|({_TENS})多?(?=了|啦))"
)
DOC_AGE = re.compile(r"(未满|不满)?(\d{1,3})周?岁(以下)?")
LOWER, UPPER = ">=", "<"

# 离合词: two-character words people split with 了/过/个 ("结了婚"). Joined back before cutting.
SEPARABLE = (
    "结婚", "离婚", "复婚", "退休", "离休", "下岗", "失业", "参保", "入伍", "退伍", "当兵", "落户", "住院",
    "遭灾", "遭火", "着火", "失火", "受灾", "评残", "分户", "销户",
)  # fmt: skip
# What is born in "生了个孙子": the need is about a birth, "生孩子" in the synonym table.
CHILD = "孩子|小孩|娃娃|娃儿|娃|宝宝|儿子|女儿|闺女|小子|孙子|孙女|外孙女|外孙|小孙子|小孙女"
_SPLIT = [re.compile(f"{w[0]}(?:(?:了|过)(?:个|一个|一次)?|个|一个){w[1]}") for w in SEPARABLE]
_BIRTH = re.compile(rf"生(?:了|过|下)?(?:个|一个|一对|对|了个)?(?:大胖|白胖|胖|大|小)?(?:{CHILD})")
# "开个卖衣服的店", "开家小铺子": 开店 said with what is sold between the verb and the shop.
_SHOP = re.compile(r"开(?:个|家|一个|一家|了个|了家|间|一间)[^,,。;;!!??\s]{0,6}?(?:店|铺|铺子)")


def rejoin(text: str) -> str:
    """The need with its split 离合词 joined: "跟老婆离了婚" → "跟老婆离婚"."""
    for word, pattern in zip(SEPARABLE, _SPLIT, strict=True):
        text = pattern.sub(word, text)
    return _SHOP.sub(lambda m: f"开店 {m.group(0)}", _BIRTH.sub("生孩子", text))


def _number(raw: str) -> int | None:
    try:
        return int(raw) if raw.isdigit() else int(cn2an.cn2an(raw, "smart"))
    except (ValueError, KeyError):
        return None


def cut_ages(text: str) -> tuple[str, list[str]]:
    """(the need without its ages, the ages as words: "83岁", or "<18岁" for "不满十八岁")."""
    ages = []

    def take(match: re.Match) -> str:
        number = _number(match.group(2))
        if number is None or not 0 < number < 130:
            return match.group(0)
        ages.append(f"{'<' if match.group(1) else ''}{number}岁")
        return " "

    def spoken(match: re.Match) -> str:
        number = _number(match.group(1) or match.group(2))
        if number is None or not 16 <= number < 130:
            return match.group(0)
        ages.append(f"{number}岁")
        return " "

    return SPOKEN_AGE.sub(spoken, NEED_AGE.sub(take, text)), ages


def doc_limits(text: str) -> list[tuple[str, int]]:
    """The age limits a catalogue text sets: [(">=", 80)] for "年满80周岁的老年人"."""
    return [(UPPER if m.group(1) or m.group(3) else LOWER, int(m.group(2))) for m in DOC_AGE.finditer(text)]


def age_meets(word: str, limits: dict[str, set[int]]) -> tuple[str, int] | None:
    """The tightest limit of the catalogue that an age from a need meets, or None: "83岁" meets
    年满80 (not 60); "<18岁" meets 未满18."""
    upper = word.startswith("<")
    age = int(word.strip("<岁"))
    if upper:
        fits = [u for u in limits.get(UPPER, ()) if u >= age]
        return (UPPER, min(fits)) if fits else None
    fits = [m for m in limits.get(LOWER, ()) if m <= age]
    return (LOWER, max(fits)) if fits else None


def is_age(word: str) -> bool:
    return word.endswith("岁") and word.strip("<岁").isdigit()


# Dialect words of the language (not of any catalogue), longest first so 娃娃 is read before 娃.
DIALECT = {
    "屋里头": "家里",
    "屋头": "家里",
    "屋里": "家里",
    "屋企": "家里",
    "俺们": "我们",
    "俺": "我",
    "咱家": "我家",
    "咋个": "怎么",
    "咋": "怎么",
    "啥子": "什么",
    "么子": "什么",
    "啥": "什么",
    "没得": "没有",
    "莫得": "没有",
    "冇": "没有",
    "不晓得": "不知道",
    "娃娃": "孩子",
    "娃儿": "孩子",
    "娃子": "孩子",
    "娃": "孩子",
    "伢子": "孩子",
    "伢": "孩子",
    "崽崽": "孩子",
    "崽": "孩子",
    "囡囡": "女儿",
    "囡": "女儿",
    "闺女": "女儿",
    "妮儿": "女儿",
    "婆娘": "老婆",
    "堂客": "老婆",
    "媳妇儿": "老婆",
    "老头子": "老人",
    "老爷子": "老人",
    "老太太": "老人",
    "老太婆": "老人",
    "爹妈": "父母",
    "爸妈": "父母",
    "爸爸妈妈": "父母",
    "狗子": "狗",
    "狗狗": "狗",
    "爹娘": "父母",
    "生下来": "出生",  # 娃刚生下来: how people say a child was born
    "销掉": "注销",
    "弄丢": "丢",
    "搞丢": "丢",
    "弄掉了": "丢了",
    "搞掉了": "丢了",
    "掉了": "丢了",
    # Sixth pass (decision 0147): more words of the language that name no service.
    "那口子": "老伴",  # the spouse, north and south alike
    "老伴儿": "老伴",
    "幺儿": "儿子",  # south-west: the youngest son
    "幺妹": "女儿",
    "姆妈": "妈妈",  # Wu: mother
    "啷个": "怎么",  # south-west
    "咋整": "怎么办",  # north-east
    "冇得": "没有",  # Cantonese and Hakka 冇 with south-western 得
    "怀起": "怀孕",  # south-west: 怀起了 is pregnant
    # Look-alike slips that are only slips inside a word: 己 for 已 in 己经 but 自己 is right, and
    # 薄 for 簿 in 户口薄 but 薄地 is thin land (as single characters they tore 自己 and 薄地).
    "己经": "已经",
    "口薄": "口簿",
}
# Characters that look alike and are typed for each other (a handwriting pad, a glance) and are
# never meant in a need: 囗 (the radical) for 口, 曰 for 日.
SHAPES = str.maketrans({"囗": "口", "曰": "日"})
_DIALECT = re.compile("|".join(sorted(DIALECT, key=len, reverse=True)))
# "不是要办低保,是想问高龄补贴": what the citizen says the need is NOT is no part of it. Only a 不是
# clause that a later clause corrects (是 / 而是 / 我是 / 想问 …) is dropped; the need reaches here
# with its punctuation made spaces (guide_index.normalise), so a space ends the clause too.
NOT_THIS = re.compile(
    r"(?:我|俺)?不是(?:要|想)?[^,,。;;!!??\s]{1,14}[,,;;\s]+(?=(?:我|俺)?(?:而是|是|就是|想|要问|只是))"
)


def standard(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(the need in standard words, [(typed, read as)]): "俺娃的户囗" → "我孩子的户口"."""
    fixed = []

    def say(match: re.Match) -> str:
        fixed.append((match.group(0), DIALECT[match.group(0)]))
        return DIALECT[match.group(0)]

    return _DIALECT.sub(say, NOT_THIS.sub(" ", text.translate(SHAPES))), fixed


# Sounds: a word of the catalogue by its pinyin; with fuzzy initials and finals (zh/z, ch/c,
# sh/s, -ng/-n: how many people in the south type) for words of three characters or more.
COMMON = 100  # a stretch jieba's dictionary counts this often is a real word, never "corrected"
_FUZZY = ((re.compile(r"^([zcs])h"), r"\1"), (re.compile(r"ng$"), "n"))


def _fuzzy(syllable: str) -> str:
    for pattern, repl in _FUZZY:
        syllable = pattern.sub(repl, syllable)
    return syllable


def sound_keys(syllables: list[str]) -> list[str]:
    """The exact sound, and for three syllables or more the fuzzy one ("~" first)."""
    keys = [" ".join(syllables)]
    if len(syllables) >= 3:
        keys.append("~" + " ".join(_fuzzy(x) for x in syllables))
    return keys


def sounds_of(words: list[str], weight=None) -> dict[str, str]:
    """{sound key: word} for the catalogue's words of two to six Chinese characters. Where words
    share a sound, the one with the greater weight (how many items' texts hold it: 低保 rather
    than the synonym term 低包) stands for it; two of equal weight stand for neither."""
    by_key: dict[str, list[str]] = {}
    for word in words:
        if 2 <= len(word) <= 6 and HAN.fullmatch(word):
            for key in sound_keys(lazy_pinyin(word)):
                by_key.setdefault(key, []).append(word)
    found = {}
    for key, sharing in by_key.items():
        if len(sharing) == 1:
            found[key] = sharing[0]
            continue
        ranked = sorted(((weight(w) if weight else 0, w) for w in set(sharing)), reverse=True)
        if len(ranked) == 1 or ranked[0][0] > ranked[1][0]:
            found[key] = ranked[0][1]
    return found


HAN = re.compile(r"[\u4e00-\u9fff]+")


def by_sound(text: str, sounds: dict[str, str], known: set[str], frequency) -> tuple[str, list[tuple[str, str]]]:
    """(the need with sound-alike slips read as the catalogue's words, [(typed, read as)]).
    Left to right; at each place a catalogue word as typed is kept, else the longest stretch of
    the exact sound, else of the fuzzy sound. Never changed: a stretch jieba knows as a word
    (two characters: at all; longer: COMMON times), nor one that would cut a common word of the
    need in two ("低宝怎|么": 怎么 is not torn to make 低保证)."""

    def common(word: str) -> bool:
        return (frequency(word) or 0) >= COMMON

    out, fixed = [], []
    for chunk in re.split(r"([\u4e00-\u9fff]+)", text):
        if not HAN.fullmatch(chunk or "x"):
            out.append(chunk)
            continue
        syllables = lazy_pinyin(chunk)

        def candidates(i: int):
            sizes = range(min(6, len(chunk) - i), 1, -1)
            for size in sizes:
                if chunk[i : i + size] in known:
                    yield size, chunk[i : i + size]
                    return
            for fuzzy in (False, True):
                for size in sizes:
                    typed, end = chunk[i : i + size], i + size
                    if fuzzy and size < 3:
                        continue
                    key = sound_keys(syllables[i:end])[-1 if fuzzy else 0]
                    word = sounds.get(key)
                    if (
                        word
                        and word != typed
                        and (frequency(typed) or 0) < (1 if size == 2 else COMMON)
                        and not (i > 0 and common(chunk[i - 1 : i + 1]))
                        and not (end < len(chunk) and common(chunk[end - 1 : end + 1]))
                    ):
                        yield size, word
                        return

        i, built = 0, []
        while i < len(chunk):
            size, word = next(candidates(i), (1, chunk[i]))
            if word != chunk[i : i + size]:
                fixed.append((chunk[i : i + size], word))
            built.append(word)
            i += size
        out.append("".join(built))
    return "".join(out), fixed


# Who a need is about, not what it asks: "孩子" alone does not make 出生登记 an answer to "孩子上初中
# 转学". An answer must match some word that is not one of these.
PERSONS = frozenset(
    "孩子 小孩 小孩子 宝宝 儿子 女儿 孙子 孙女 外孙 老婆 丈夫 媳妇 男人 女人 家里 家人 自己 本人 别人 我们 他们 "
    "村里 村民 老伴".split()
)
# "换证", "办证", "一本": a handling verb or a number before 证/照/卡/本 — no particular thing; so
# are 续签, 退费, 付款, 收费 (renewing, refunding, paying) and 没证, 有车 (having or lacking one).
HANDLING = frozenset("办换补领开拿发取交缴一两几个这那新旧原证续退付收没无有")
# "一起办", "一次办完", "都办了": the citizen wants the life event (一件事), not one of its items.
TOGETHER = re.compile(r"(一起|一次|一块|一并|一下子|都|全部|统统|一站)(办|弄|搞|申请|处理)|一件事|一次性")


def wants_together(text: str) -> bool:
    return bool(TOGETHER.search(text))


# A complaint or a report ("投诉", "举报") asks for no item: it belongs to 12345 and the one-click
# 办不成事 report the honest empty answer offers, not to an item that shares a word with it
# (买的化肥是假的要投诉 is not 农药经营许可).
COMPLAINT = re.compile(r"投诉|举报|检举|告发|曝光|信访|上访")


def complains(text: str) -> bool:
    return bool(COMPLAINT.search(text))


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
