"""Is an online application complete? (issue 15 §4, R-13, R-22)

Every 必要 material of every item applied for is uploaded, fetched from the licence store, or —
where the item allows it (容缺) — promised by a date. Otherwise the application is refused with
one Chinese message per material, before anything is written. The page and the submission ask
one question, `fetched`, so the page never says a paper was fetched that the case then lacks."""

from __future__ import annotations

import datetime as dt

from yichuang.catalog.models import Material
from yichuang.common.errors import Problem
from yichuang.licences.providers import fetchable_licence

Necessity = Material.Necessity
NEEDED = (Necessity.REQUIRED, Necessity.DEFERRABLE)


def fetched(applicant, material) -> bool:
    """The same test the case's intake runs (cases.services.intake): a valid licence today."""
    if material.source != Material.Source.GOVERNMENT or not material.licence_type_code:
        return False
    return fetchable_licence(applicant, material.licence_type_code) is not None


def promised_date(raw) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        return None


def missing(targets, applicant, uploaded: set[str], deferred: dict[str, str]) -> list[Problem]:
    """One problem per material name that is needed and neither uploaded, fetched nor promised."""
    problems, seen = [], set()
    for _, version in targets:
        for m in version.materials.all().order_by("order", "pk"):
            if m.necessity not in NEEDED or m.name in uploaded or m.name in seen or fetched(applicant, m):
                continue
            if m.necessity == Necessity.DEFERRABLE and m.name in deferred:
                if promised_date(deferred[m.name]) is None:
                    seen.add(m.name)
                    problems.append(
                        Problem(
                            "promise_date_invalid", f"“{m.name}”:请填写承诺补交日期(年-月-日)。", f"materials.{m.pk}"
                        )
                    )
                continue
            seen.add(m.name)
            how = "请上传,或勾选“容缺后补”并填写承诺补交日期" if m.necessity == Necessity.DEFERRABLE else "请上传"
            problems.append(Problem("material_required", f"“{m.name}”是必要材料,{how}。", f"materials.{m.pk}"))
    return problems


def deferred_inputs(version, uploaded: set[str], deferred: dict[str, str]) -> dict[int, dt.date]:
    """The 容缺 promises that apply to this version's materials (by name; an upload wins)."""
    return {
        m.pk: promised_date(deferred[m.name])
        for m in version.materials.all()
        if m.necessity == Necessity.DEFERRABLE and m.name in deferred and m.name not in uploaded
    }
