"""办不成事反映 (R-51): stored with the ticket that makes someone answer it in time."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yichuang.common.errors import DomainError, Problem
from yichuang.ledger import services as ledger
from yichuang.people.numbers import is_valid_phone, normalise_phone

from ..models import Rectification, UnresolvedReport
from .tickets import open_ticket


def _clean(matter: str, place: str, name: str, phone: str) -> tuple[str, str, str, str]:
    problems = []
    matter, place, name = (matter or "").strip(), (place or "").strip(), (name or "").strip()
    phone = normalise_phone(phone)
    if not matter:
        problems.append(Problem("matter_required", "请写明想办的事和遇到的问题。", "matter"))
    elif len(matter) > 1000:
        problems.append(Problem("matter_too_long", "问题描述不能超过1000字。", "matter"))
    if len(place) > 100:
        problems.append(Problem("place_too_long", "办理地点不能超过100字。", "place"))
    if len(name) > 32:
        problems.append(Problem("name_too_long", "称呼不能超过32字。", "name"))
    if not is_valid_phone(phone):
        problems.append(
            Problem("invalid_phone", "请填写正确的联系电话(11位手机号或带区号的固定电话),以便回访。", "phone")
        )
    if problems:
        raise DomainError(problems)
    return matter, place, name, phone


@transaction.atomic
def report_unresolved(site, *, matter: str, place: str = "", name: str = "", phone: str) -> UnresolvedReport:
    if site is None or not site.is_active:
        raise DomainError(Problem("site_required", "请选择反映的服务中心(站点)。", "site"))
    matter, place, name, phone = _clean(matter, place, name, phone)
    report = UnresolvedReport.objects.create(
        site=site, matter=matter, place=place, name=name, phone=phone, created_at=timezone.now()
    )
    # No phone or text in the ledger: the audit log is kept for years and shown to auditors.
    ledger.record(
        f"feedback.report.{report.pk}",
        "feedback.report.create",
        actor="citizen",
        object_type="feedback.UnresolvedReport",
        object_id=report.pk,
        new_stream=True,
        data={"site": site.code},
    )
    open_ticket(site, Rectification.Source.CANNOT_DO, report=report, actor="citizen")
    return report
