"""Rules an item version must satisfy (R-12…R-14; 国办函〔2017〕115号 audit findings).

They work on unsaved model instances so that the admin, the Excel import and the publish
service share one definition. Each rule returns `Problem`s with a stable code; `location`
says which part (materials, fees, …), which index and which attribute, so the Excel import
can name the sheet, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cel

from yichuang.common.errors import Problem

from .models import Fee, ItemVersion, Material, Rule, SpecialProcedure, Step
from .models.choices import CaseKind

# Catch-all wording that the 2017 audit found on 13% of guides; R-13 forbids it.
VAGUE_MATERIAL = re.compile(r"(其[他它]|有关|相关|等)(相关)?(的)?(材料|资料|证明|文件)|其[他它]$|^等")


@dataclass
class Draft:
    """An item version with its parts, saved or not."""

    version: ItemVersion
    materials: list[Material] = field(default_factory=list)
    fees: list[Fee] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    procedures: list[SpecialProcedure] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)

    @classmethod
    def of(cls, version: ItemVersion) -> "Draft":
        return cls(
            version,
            list(version.materials.all()),
            list(version.fees.all()),
            list(version.steps.all()),
            list(version.specialprocedures.all()),
            list(version.rules.all()),
        )


def _at(part: str | None, index: int | None, attr: str) -> dict:
    return {"part": part or "item", "index": index, "attr": attr}


def _problem(code: str, message: str, attr: str, part: str | None = None, index: int | None = None) -> Problem:
    name = f"{part}[{index}].{attr}" if part else attr
    return Problem(code, message, name, _at(part, index, attr))


def vague_material_problems(d: Draft) -> list[Problem]:
    return [
        _problem(
            "vague_material",
            f"申请材料“{m.name}”表述模糊:不得使用“其他材料”“有关材料”等兜底表述,请写明具体材料。",
            "name",
            "materials",
            i,
        )
        for i, m in enumerate(d.materials)
        if VAGUE_MATERIAL.search(m.name or "")
    ]


def duplicate_material_problems(d: Draft) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for i, m in enumerate(d.materials):
        if m.name in seen:
            out.append(_problem("duplicate_material", f"申请材料“{m.name}”重复列出。", "name", "materials", i))
        seen.add(m.name)
    return out


def limit_problems(d: Draft) -> list[Problem]:
    v, out = d.version, []
    if v.statutory_days is not None and v.promised_days is not None and v.promised_days > v.statutory_days:
        out.append(
            _problem(
                "promised_exceeds_statutory",
                f"承诺办结时限({v.promised_days}个工作日)不得超过法定办结时限({v.statutory_days}个工作日)。",
                "promised_days",
            )
        )
    if v.case_kind == CaseKind.INSTANT and v.promised_days not in (None, 0):
        out.append(_problem("instant_needs_zero_days", "即办件的承诺时限应为0个工作日(当场办结)。", "promised_days"))
    if v.case_kind == CaseKind.PROMISED and v.promised_days == 0:
        out.append(
            _problem("promised_needs_days", "承诺件的承诺时限应至少为1个工作日;当场办结请选“即办件”。", "promised_days")
        )
    step_total = sum(s.days for s in d.steps)
    if v.promised_days is not None and d.steps and step_total > v.promised_days:
        out.append(
            _problem(
                "steps_exceed_promised",
                f"各环节时限合计{step_total}个工作日,超过承诺办结时限{v.promised_days}个工作日。",
                "days",
                "steps",
                len(d.steps) - 1,
            )
        )
    if v.appointment_supported and not v.appointment_daily_quota:
        out.append(
            _problem("appointment_quota_missing", "支持预约的事项须填写每日预约号源。", "appointment_daily_quota")
        )
    return out


def rule_problems(d: Draft) -> list[Problem]:
    out = []
    for i, r in enumerate(d.rules):
        try:
            cel.compile(r.expression)
        except Exception as exc:  # the binding raises ValueError for syntax; report any failure
            first_line = str(exc).splitlines()[0][:160]
            out.append(_problem("rule_syntax", f"条件表达式无法解析:{first_line}", "expression", "rules", i))
        if not (r.sentence or "").strip():
            out.append(
                _problem(
                    "rule_sentence_missing", "每条条件表达式都必须有一句群众看得懂的说明。", "sentence", "rules", i
                )
            )
    return out


def government_material_problems(d: Draft) -> list[Problem]:
    return [
        _problem(
            "government_material_needs_issuer",
            f"政府部门核发的材料“{m.name}”须填写核发部门或电子证照类型,以便调取。",
            "issuing_body",
            "materials",
            i,
        )
        for i, m in enumerate(d.materials)
        if m.source == Material.Source.GOVERNMENT and not (m.issuing_body or m.licence_type_code)
    ]


def completeness_problems(d: Draft) -> list[Problem]:
    """What a guide must show before it is published ("五公开": name, procedure, materials,
    time limit, fees — plus the contacts the 2017 audit found missing on a third of guides)."""
    v, out = d.version, []
    if not d.materials:
        out.append(
            _problem(
                "materials_missing",
                "发布前须列明申请材料;确实无需材料的,应列明“无需提交材料”的身份核验方式。",
                "materials",
            )
        )
    if v.statutory_days is None:
        out.append(_problem("statutory_days_missing", "发布前须填写法定办结时限。", "statutory_days"))
    if v.promised_days is None:
        out.append(_problem("promised_days_missing", "发布前须填写承诺办结时限。", "promised_days"))
    if v.has_fees is None:
        out.append(_problem("fees_undeclared", "发布前须写明是否收费。", "has_fees"))
    elif v.has_fees and not d.fees:
        out.append(_problem("fees_missing", "收费事项须列明收费项目、标准和依据。", "fees"))
    elif v.has_fees is False and d.fees:
        out.append(_problem("fees_contradict", "事项标为不收费,却列有收费项目。", "has_fees"))
    for attr, label in (
        ("consult_phone", "咨询电话"),
        ("complaint_phone", "监督投诉电话"),
        ("review_body", "行政复议机关"),
        ("litigation_body", "行政诉讼法院"),
    ):
        if not (getattr(v, attr) or "").strip():
            out.append(_problem("contact_missing", f"发布前须填写{label}。", attr))
    if not d.steps:
        out.append(_problem("steps_missing", "发布前须列明办理环节及各环节时限。", "steps"))
    return out


ALWAYS = (
    vague_material_problems,
    duplicate_material_problems,
    limit_problems,
    rule_problems,
    government_material_problems,
)


def draft_problems(d: Draft) -> list[Problem]:
    return [p for check in ALWAYS for p in check(d)]


def publish_problems(d: Draft) -> list[Problem]:
    return draft_problems(d) + completeness_problems(d)
