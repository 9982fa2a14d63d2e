"""The online form of an item: the questions its rules (受理条件) ask, prefilled from what the
government already knows — the applicant's profile, their ID number and their e-licences
(R-13: 能调取的不再让群众填写)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.utils import timezone

from yichuang.licences import providers as licence_providers
from yichuang.people.models import Applicant

FIELD = re.compile(r"\b([a-z_]+)\.([a-z_]+)\b")
NUMERIC = r"\b{name}\s*(<=|>=|<|>|==|!=)\s*\d"
# A plain decimal in ASCII digits, at most 12 before and 4 after the point: no "inf", "NaN",
# "1e400" or 5000-digit numbers (JSON cannot hold the first ones, PostgreSQL refuses them: a
# 500), no digits of other scripts. Full-width input (１２．５) is normalised to ASCII first.
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]{1,12}(\.[0-9]{1,4})?")
LABELS = {
    "applicant.age": "申请人年龄(周岁)",
    "applicant.hukou_local": "申请人是否本县常住户口",
    "applicant.collective_member": "申请人是否本村集体经济组织成员",
    "applicant.severe_disability": "申请人是否重度残疾",
    "applicant.has_income_source": "申请人是否有生活来源",
    "applicant.has_disability_cert": "申请人是否持有残疾人证",
    "household.income_per_capita": "家庭月人均收入(元)",
    "household.has_homestead": "申请户在本村是否已有宅基地",
    "household.is_subsistence": "是否低保家庭",
    "household.sudden_hardship": "家庭是否因意外事件或突发重大疾病导致生活严重困难",
    "shop.area_sqm": "经营场所使用面积(平方米)",
    "forest.in_prohibited_zone": "采伐地点是否在禁止采伐区域",
}
# What an e-licence proves, as a form answer (残疾人证 → holds a disability certificate).
LICENCE_FACTS = {"131": "applicant.has_disability_cert"}


@dataclass(frozen=True)
class Question:
    name: str  # "applicant.age"
    label: str
    numeric: bool
    source: str = ""  # where the prefilled answer came from, shown to the citizen


def questions(versions) -> list[Question]:
    """The questions of one or several item versions (一表申请: each asked once)."""
    found: dict[str, Question] = {}
    for version in versions:
        for rule in version.rules.all():
            if rule.stage != "intake":
                continue
            for obj, attr in FIELD.findall(rule.expression):
                name = f"{obj}.{attr}"
                if name not in found:
                    numeric = re.search(NUMERIC.format(name=re.escape(name)), rule.expression) is not None
                    found[name] = Question(name, LABELS.get(name, rule.sentence), numeric)
    return list(found.values())


def _age(citizen_id: str, today: dt.date) -> int | None:
    try:
        born = dt.date(int(citizen_id[6:10]), int(citizen_id[10:12]), int(citizen_id[12:14]))
    except (ValueError, IndexError):
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def prefill(applicant: Applicant, site) -> dict[str, tuple[object, str]]:
    """name → (value, source) for what is known without asking."""
    known: dict[str, tuple[object, str]] = {}
    if applicant.is_natural:
        age = _age(applicant.citizen_id, timezone.localdate())
        if age is not None:
            known["applicant.age"] = (age, "由身份证号码计算")
        known["applicant.hukou_local"] = (applicant.citizen_id[:6] == site.region.code[:6], "由身份证号码判断")
    for type_code, name in LICENCE_FACTS.items():
        if licence_providers.fetch(applicant, type_code).licence:
            known[name] = (True, "电子证照库")
    return known


def nest(flat: dict[str, object]) -> dict:
    """{"applicant.age": 85} → {"applicant": {"age": 85}}: the shape the rules read."""
    data: dict = {}
    for name, value in flat.items():
        obj, _, attr = name.partition(".")
        data.setdefault(obj, {})[attr] = value
    return data


def plain_number(raw: str) -> int | float | None:
    """The number a person typed, or None for anything that is not a plain, finite decimal."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not PLAIN_NUMBER.fullmatch(text):
        return None
    return float(text) if "." in text else int(text)


def parse_answers(qs: list[Question], post) -> tuple[dict[str, object], list[str]]:
    """The form's answers (blank = not answered) and the Chinese errors of bad ones."""
    answers, errors = {}, []
    for q in qs:
        raw = (post.get(q.name) or "").strip()
        if not raw:
            continue
        if q.numeric:
            number = plain_number(raw)
            if number is None:
                errors.append(f"“{q.label}”应填写数字(如 60 或 12.5,不超过12位整数)。")
            else:
                answers[q.name] = number
        elif raw in ("yes", "no"):
            answers[q.name] = raw == "yes"
        else:
            errors.append(f"“{q.label}”请选择“是”或“否”。")
    return answers, errors
