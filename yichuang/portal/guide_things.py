"""Things a need names (证, 照, 卡, 票, 车 …) for the smart guide (decisions 0136, 0145, 0147): a need
naming a thing no item knows gets no answer from an item that only shares part of its name
(结婚照 is not 结婚证), but handling words (换证, 续签) name no thing, and a thing is known through
the shorter thing its name ends in (零售许可证 → 许可证)."""

from __future__ import annotations

from . import guide_words

NAMED_THING = frozenset("证照卡本簿票签费款车险")  # a word ending so names a thing: left unexplained, no answer


def names_a_thing(unit: str) -> bool:
    """ "驾驶证", "护照", "公积金卡": a word ending in 证/照/卡/本/票/费 … that names a particular thing;
    not "换证", "办证", "一本", "换新证", "续签" (handling verbs or a number and the thing in general)."""
    return len(unit) >= 2 and unit[-1] in NAMED_THING and not all(ch in guide_words.HANDLING for ch in unit[:-1])


def thing_heads(unit: str, docs: list, known: set[str], frequency: dict) -> list[str]:
    """The shorter things a thing's name ends in that the catalogue names: 零售许可证 → 许可证, so
    a need for the 烟花爆竹经营(零售)许可证 is not refused as a thing no item knows."""
    if not names_a_thing(unit):
        return []
    heads = (unit[i:] for i in range(1, len(unit) - 1))
    return [
        h
        for h in heads
        if names_a_thing(h)
        and (h in known or frequency.get(h))
        and any(h in d.fields[0] or h in d.fields[1] for d in docs)
    ]
