"""网上申请: an application a citizen submits in the online hall (R-20, R-22).

It starts in 预审 like a window application, with channel=online and no owner: the first clerk
of the site who pre-reviews it takes it (首问负责) and owns it to the end. The citizen supplies
what the one-time notice asks for online, through the same `supplement` service a window uses.
"""
from __future__ import annotations

import dataclasses

from django.db import transaction
from django.utils import timezone

from yichuang.catalog.rules import evaluate_rules
from yichuang.common.errors import Conflict, DomainError, Problem
from yichuang.ledger.events import Event
from yichuang.org.models import StaffRole

from ..models import Case, CaseMaterial
from ..workflow import State
from .common import audit, audit_new_case, locked, require_role
from .intake import MaterialInput, _material_rows, _routing
from .numbers import next_case_number
from .transitions import accept, request_supplement, supplement

Status = CaseMaterial.Status


@dataclasses.dataclass(frozen=True)
class ApplicantActor:
    """The applicant acting on their own case. It has no staff roles, so the transition table
    sees it as APPLICANT; the audit names it by a pseudonym, never by phone or ID number."""

    username: str


def applicant_actor(user) -> ApplicantActor:
    return ApplicantActor(username=f"citizen:{user.pk}")


def eligibility(version, form_data: dict) -> list:
    """The intake rules (受理条件) on the form data: the same check a window runs at intake."""
    return evaluate_rules([r for r in version.rules.all() if r.stage == "intake"], form_data or {})


@transaction.atomic
def submit_online(*, site, version, applicant, uploaded: list[int], form_data: dict | None, submitted_by) -> Case:
    """Submit an online application at `site`. Materials the government holds are fetched from
    the licence store (R-13); those in `uploaded` count as received; the rest are missing and
    the pre-review will say so in one notice. A rule the form data clearly fails is refused
    here, as a window would refuse it, before anything is written."""
    transfer_mode, home_site = _routing(site, version)
    rows = _material_rows(version, applicant, {pk: MaterialInput(Status.RECEIVED) for pk in uploaded})
    results = eligibility(version, form_data or {})
    failed = [r.message for r in results if r.passed is False]
    if failed:
        raise DomainError(Problem("conditions_not_met", f"不符合受理条件:{'、'.join(failed)}。", "form_data"))
    now = timezone.now()
    case = Case.objects.create(
        number=next_case_number(site, timezone.localdate(now)), site=site, home_site=home_site,
        transfer_mode=transfer_mode, item_id=version.item_id, item_version=version, applicant=applicant,
        channel=Case.Channel.ONLINE, owner=None, form_data=form_data or {},
        rule_results=[dataclasses.asdict(r) for r in results], received_at=now, visits=0)
    for row in rows:
        row.case = case
    CaseMaterial.objects.bulk_create(rows)
    audit_new_case(case, Event.CASE_RECEIVED, submitted_by, channel=Case.Channel.ONLINE, item=version.item.basic_code,
                   version=version.number, transfer=transfer_mode,
                   missing=sum(r.status == Status.MISSING for r in rows))
    return case


def _take(case: Case, clerk) -> Case:
    """The first clerk who pre-reviews an online case owns it; another clerk may act on it
    afterwards (A/B posts), but ownership never moves silently."""
    case = locked(case)
    require_role(clerk, case.site, StaffRole.Role.CLERK, "只有本站点的受理人员可以预审网上申请。")
    if case.channel != Case.Channel.ONLINE:
        raise DomainError(Problem("not_online", "该办件不是网上申请。", "case"))
    if case.state != State.PREREVIEW:
        raise Conflict(Problem("not_in_prereview", "该网上申请不在预审状态。", "case"))
    if case.owner_id is None:
        case.owner = clerk
        case.save(update_fields=["owner"])
        audit(case, Event.CASE_TAKEN, clerk, owner=clerk.username)
    return case


@transaction.atomic
def take_online(case: Case, clerk) -> Case:
    """预审: a clerk takes an online application (and becomes its 首问责任人 if it had none)."""
    return _take(case, clerk)


@transaction.atomic
def prereview_accept(case: Case, clerk) -> Case:
    """预审通过并受理: take the case and accept it, in one transaction."""
    return accept(_take(case, clerk), clerk)


@transaction.atomic
def prereview_request_supplement(case: Case, clerk, lines: dict[int, str]):
    """预审后一次性告知补正: take the case and issue the one-time notice, in one transaction."""
    return request_supplement(_take(case, clerk), clerk, lines)


@transaction.atomic
def supplement_online(case: Case, user, uploaded: list[int]) -> Case:
    """The applicant supplies online what the open notice lists (all of it, or it keeps waiting)."""
    return supplement(case, applicant_actor(user), uploaded)
