"""Documents worded by the item's type (事项类型): a 行政许可 is decided under 行政许可法 (准予 /
不予许可决定书, arts. 32, 38, 45); a 行政给付, 行政确认, 行政备案 or 公共服务 is not a licence and
must not be called one or cite that law — it is decided under the item's own legal basis
(设定依据), e.g. 法律援助 under 法律援助法 gives 给予法律援助决定书 (issue 20 §6).

Pure functions of the item type code (ItemType values) and names: notices store the type in their
facts, so a stored notice renders the same words again."""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.catalog.models.choices import ItemType

LICENSING_LAW = "《中华人民共和国行政许可法》"


@dataclass(frozen=True)
class Wording:
    granted_title: str
    denied_title: str
    grant: str  # the operative words of a 准予 decision: "决定准予许可"
    deny: str
    subject_label: str  # the label of the item on a decision: 许可事项 / 申请事项
    licensing: bool = False  # 行政许可法 applies (its articles may be cited)


LICENSING = Wording("准予许可决定书", "不予许可决定书", "决定准予许可", "决定不予许可", "许可事项", licensing=True)
BY_TYPE = {
    ItemType.LICENSING: LICENSING,
    ItemType.BENEFIT: Wording("给付决定书", "不予给付决定书", "决定予以给付", "决定不予给付", "给付事项"),
    ItemType.CONFIRMATION: Wording("确认决定书", "不予确认决定书", "决定予以确认", "决定不予确认", "确认事项"),
    ItemType.REWARD: Wording("奖励决定书", "不予奖励决定书", "决定予以奖励", "决定不予奖励", "奖励事项"),
    ItemType.ADJUDICATION: Wording("裁决书", "不予裁决决定书", "裁决如下", "决定不予裁决", "裁决事项"),
    ItemType.FILING: Wording("备案通知书", "不予备案通知书", "予以备案", "不予备案", "备案事项"),
}
GENERAL = Wording("办理结果通知书", "不予办理通知书", "决定予以办理", "决定不予办理", "申请事项")


def for_type(item_type: str | None) -> Wording:
    """Old notices stored before the type was in their facts were all worded as 行政许可."""
    if not item_type:
        return LICENSING
    return BY_TYPE.get(item_type, GENERAL)


def decision_title(item_type: str, granted: bool, result_name: str = "") -> str:
    """准予许可决定书 …; a non-licence item whose result is itself a 决定书 (给予法律援助决定书)
    is titled by that name when granted."""
    wording = for_type(item_type)
    if granted and not wording.licensing and result_name.endswith(("决定书", "通知书")):
        return result_name
    return wording.granted_title if granted else wording.denied_title


def applied_for(item_name: str) -> str:
    """“法律援助申请” → "“法律援助申请”", "“老年人优待证办理”" → "“老年人优待证办理”申请":
    never 申请 twice."""
    name = item_name.strip()
    return f"“{name}”" if name.endswith("申请") else f"“{name}”申请"


def basis_phrase(legal_basis: str) -> str:
    """ "《…法》第三十一条" → "根据《…法》第三十一条的规定"; "" when the item lists none."""
    basis = (legal_basis or "").strip().rstrip("。;;")
    return f"根据{basis}的规定," if basis else ""


def article(item_type: str | None, number: str) -> str:
    """ "根据《行政许可法》第三十二条的规定," for a licence; for any other item no article of that
    law (the notice then states the facts without a citation)."""
    return f"根据{LICENSING_LAW}{number}的规定," if for_type(item_type).licensing else ""


def notice_words(facts: dict) -> dict:
    """The worded pieces a notice template prints, from its stored facts."""
    item_type = facts.get("item_type")
    return {
        "applied_for": applied_for(facts["item_name"]),
        "art32": article(item_type, "第三十二条"),
        "art45": article(item_type, "第四十五条"),
        "licensing": for_type(item_type).licensing,
    }
