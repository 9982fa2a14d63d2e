"""What a life event's form must ask beyond the items' rule questions (一表申请, R-16): the facts
each item's department needs to act — a newborn's name, sex, date and place of birth and the
parents for 出生登记; the shop for 个体工商户设立登记. The facts and which catalogue entries
(first nine digits of the basic code) need them are data the county edits in the admin
(models.facts: LifeFact, ItemFact), so a new item needs no code edit; each fact is asked once
however many items of the event need it.

The answers go into the cases' form data under their object ("child", "father", ...), beside
the rule answers, where the windows read them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.utils import timezone

from yichuang.catalog.bundles import entry_of
from yichuang.common.errors import DomainError
from yichuang.people.numbers import NATURAL, normalise_number

from .models import ItemFact, LifeFact

MAX_TEXT = 100
SEX = {"male": "男", "female": "女"}


def facts_for(versions) -> list[LifeFact]:
    """The facts the items of these versions need, each once, in the order first needed."""
    entries = [entry_of(v.item.basic_code) for v in versions]
    rows = ItemFact.objects.filter(entry__in=entries).select_related("fact").order_by("order", "id")
    by_entry: dict[str, list[LifeFact]] = {}
    for row in rows:
        by_entry.setdefault(row.entry, []).append(row.fact)
    facts: dict[str, LifeFact] = {}
    for entry in entries:
        for fact in by_entry.get(entry, ()):
            facts.setdefault(fact.name, fact)
    return list(facts.values())


def grouped(facts: list[LifeFact], values: dict[str, str]) -> list[dict]:
    """The facts as the page shows them: one fieldset per object, with what is filled in."""
    groups: dict[str, dict] = {}
    for fact in facts:
        obj = fact.name.partition(".")[0]
        group = groups.setdefault(obj, {"legend": fact.group or "申请信息", "rows": []})
        group["rows"].append({"fact": fact, "value": values.get(fact.name, "")})
    return list(groups.values())


def _clean(raw) -> str:
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text if ch.isprintable()).strip()[:MAX_TEXT]


def parse(facts: list[LifeFact], post, *, required: bool) -> tuple[dict[str, str], list[str]]:
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


def typed(facts: list[LifeFact], post) -> dict[str, str]:
    """What was typed for these facts (for the page shown again with errors)."""
    return {f.name: (post.get(f.name) or "").strip() for f in facts}


def nest(values: dict[str, str], facts: list[LifeFact]) -> dict:
    """{"child.name": "小明"} → {"child": {"name": "小明"}}, with the sex in words."""
    kinds = {f.name: f.kind for f in facts}
    data: dict = {}
    for name, value in values.items():
        obj, _, attr = name.partition(".")
        data.setdefault(obj, {})[attr] = SEX.get(value, value) if kinds.get(name) == "sex" else value
    return data
