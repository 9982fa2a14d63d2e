"""What a life event's form must ask beyond the items' rule questions (一表申请, R-16): the facts
each item's department needs to act — a newborn's name, sex, date and place of birth and the
parents for 出生登记; the shop for 个体工商户设立登记. Keyed by catalogue entry (the first nine
digits of the basic code), so the same item asks the same at every site; each fact is asked
once however many items of the event need it.

The answers go into the cases' form data under their object ("child", "father", ...), beside
the rule answers, where the windows read them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from django.utils import timezone

from yichuang.catalog.bundles import entry_of
from yichuang.common.errors import DomainError
from yichuang.people.numbers import NATURAL, normalise_number

MAX_TEXT = 100


@dataclass(frozen=True)
class Fact:
    name: str  # "child.name": the object and the attribute, as in the form data
    label: str
    kind: str = "text"  # text | date | sex | citizen_id


GROUPS = {
    "child": "新生儿信息",
    "father": "父亲信息",
    "mother": "母亲信息",
    "shop": "店铺信息",
    "deceased": "逝者信息",
    "house": "建房信息",
}
FACTS = {
    f.name: f
    for f in (
        Fact("child.name", "新生儿姓名"),
        Fact("child.sex", "新生儿性别", "sex"),
        Fact("child.birth_date", "出生日期", "date"),
        Fact("child.birth_place", "出生地点(医院或地址)"),
        Fact("father.name", "父亲姓名"),
        Fact("father.citizen_id", "父亲公民身份号码", "citizen_id"),
        Fact("mother.name", "母亲姓名"),
        Fact("mother.citizen_id", "母亲公民身份号码", "citizen_id"),
        Fact("shop.name", "店铺名称(字号)"),
        Fact("shop.address", "经营场所地址"),
        Fact("shop.scope", "经营项目(如:小吃、快餐)"),
        Fact("shop.sign_text", "店招文字"),
        Fact("deceased.name", "逝者姓名"),
        Fact("deceased.citizen_id", "逝者公民身份号码", "citizen_id"),
        Fact("deceased.death_date", "死亡日期", "date"),
        Fact("house.location", "建房地点(村、组)"),
    )
}
CHILD = ("child.name", "child.sex", "child.birth_date")
PARENTS = ("father.name", "father.citizen_id", "mother.name", "mother.citizen_id")
DECEASED = ("deceased.name", "deceased.citizen_id", "deceased.death_date")
NEEDED_BY_ENTRY = {
    "073010000": (*CHILD, "child.birth_place", *PARENTS),  # 出生登记
    "202220000": CHILD,  # 新生儿参保登记
    "202090000": CHILD,  # 社会保障卡申领 (the newborn's card)
    "015010000": ("shop.name", "shop.address", "shop.scope"),  # 个体工商户设立登记
    "015040000": ("shop.name", "shop.address"),  # 小餐饮店登记
    "014160000": ("shop.address", "shop.sign_text"),  # 户外广告(店招)设置审批
    "073090000": DECEASED,  # 死亡人员户口注销
    "202040000": DECEASED,  # 城乡居民养老保险注销登记
    "052120000": DECEASED,  # 丧葬补助金、抚恤金申领
    "014010000": ("house.location",),  # 农村村民宅基地审批
    "014020000": ("house.location",),  # 乡村建设规划许可证核发
}
SEX = {"male": "男", "female": "女"}


def facts_for(versions) -> list[Fact]:
    """The facts the items of these versions need, each once, in the order first needed."""
    names: dict[str, None] = {}
    for version in versions:
        for name in NEEDED_BY_ENTRY.get(entry_of(version.item.basic_code), ()):
            names.setdefault(name, None)
    return [FACTS[n] for n in names]


def grouped(facts: list[Fact], values: dict[str, str]) -> list[dict]:
    """The facts as the page shows them: one fieldset per object, with what is filled in."""
    groups: dict[str, dict] = {}
    for fact in facts:
        obj = fact.name.partition(".")[0]
        group = groups.setdefault(obj, {"legend": GROUPS.get(obj, "申请信息"), "rows": []})
        group["rows"].append({"fact": fact, "value": values.get(fact.name, "")})
    return list(groups.values())


def _clean(raw) -> str:
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text if ch.isprintable()).strip()[:MAX_TEXT]


def parse(facts: list[Fact], post, *, required: bool) -> tuple[dict[str, str], list[str]]:
    """(typed values by name, Chinese errors). Blank answers are errors only when submitting."""
    values, errors = {}, []
    today = timezone.localdate()
    for fact in facts:
        raw = _clean(post.get(fact.name))
        if not raw:
            if required:
                errors.append(f"请填写“{fact.label}”。")
            continue
        values[fact.name] = raw
        if fact.kind == "sex" and raw not in SEX:
            errors.append(f"“{fact.label}”请选择“男”或“女”。")
        elif fact.kind == "date":
            try:
                day = dt.date.fromisoformat(raw)
            except ValueError:
                errors.append(f"“{fact.label}”应为日期,如 2026-03-08。")
                continue
            if day > today:
                errors.append(f"“{fact.label}”不能晚于今天。")
        elif fact.kind == "citizen_id":
            try:
                values[fact.name] = normalise_number(NATURAL, raw)
            except DomainError:
                errors.append(f"“{fact.label}”无效:应为18位且校验码正确。")
    return values, errors


def nest(values: dict[str, str]) -> dict:
    """{"child.name": "小明"} → {"child": {"name": "小明"}}, with the sex in words."""
    data: dict = {}
    for name, value in values.items():
        obj, _, attr = name.partition(".")
        data.setdefault(obj, {})[attr] = SEX.get(value, value) if FACTS[name].kind == "sex" else value
    return data
