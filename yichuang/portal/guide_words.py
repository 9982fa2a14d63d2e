"""The smart guide's own word tables (issue 15 §1, second pass): what people say that no synonym
can catch because it is grammar, not vocabulary.

- Ages in words: "八十三岁", "九十多岁", "不满十八岁" → an age (cn2an reads the numeral; decision
  0112). An age answers the items whose conditions set an age limit it meets — the tightest one:
  83 meets "年满80周岁" (高龄津贴) before "年满60周岁"; "不满18岁" meets "未满18周岁". The limits
  are read from the catalogue's own conditions and keywords, so a county that changes an item's
  age limit changes what the guide answers, with no table to keep in step.
- 离合词: "结了婚", "离过婚", "退了休", "下了岗", "生了个娃" — a verb and its object with 了/过/个
  between them — are joined back ("结婚", "生孩子") so the synonym table sees the word it knows.

Vocabulary (dialect, slips of the pen, plain words for catalogue terms) belongs in the synonym
table (catalog.SearchSynonym) that the county edits, not here."""

from __future__ import annotations

import re

import cn2an

NUMERAL = "零〇一二两三四五六七八九十百"
# "不满十八岁", "八十多岁", "60周岁", "九十好几岁": the number and whether it is an upper limit.
NEED_AGE = re.compile(rf"(不满|未满|没满|没到|不到)?([{NUMERAL}]{{1,5}}|\d{{1,3}})(?:多|几|来|好几)?周?岁")
# In the catalogue: "年满80周岁" (a lower limit), "未满18周岁" / "16周岁以下" (an upper one), "80岁".
DOC_AGE = re.compile(r"(未满|不满)?(\d{1,3})周?岁(以下)?")
LOWER, UPPER = ">=", "<"

# 离合词: two-character words people split with 了/过/个 ("结了婚"). Joined back before cutting.
SEPARABLE = ("结婚", "离婚", "复婚", "退休", "离休", "下岗", "失业", "参保", "入伍", "退伍", "当兵", "落户", "住院")
# What is born in "生了个孙子": the need is about a birth, "生孩子" in the synonym table.
CHILD = "孩子|小孩|娃娃|娃儿|娃|宝宝|儿子|女儿|闺女|小子|孙子|孙女|外孙女|外孙|小孙子|小孙女"
_SPLIT = [re.compile(f"{w[0]}(?:了|过)(?:个|一个|一次)?{w[1]}") for w in SEPARABLE]
_BIRTH = re.compile(rf"生(?:了|过|下)?(?:个|一个|一对|对|了个)?(?:{CHILD})")


def rejoin(text: str) -> str:
    """The need with its split 离合词 joined: "跟老婆离了婚" → "跟老婆离婚"."""
    for word, pattern in zip(SEPARABLE, _SPLIT, strict=True):
        text = pattern.sub(word, text)
    return _BIRTH.sub("生孩子", text)


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

    return NEED_AGE.sub(take, text), ages


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
