"""网上申请: an application a citizen submits in the online hall (R-20, R-22).

It starts in 预审 like a window application, with channel=online and no owner: the first clerk
of the site who pre-reviews it takes it (首问负责, the step 预审认领) and owns it to the end. The
citizen supplies what the one-time notice asks for online, through the same step a window uses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import transaction
from django.utils import timezone

from yichuang.catalog.rules import evaluate_rules
from yichuang.commitments import intake as commitments
from yichuang.common.errors import DomainError, Problem
from yichuang.ledger.events import Event

from ..models import Case, CaseMaterial
from .common import Outcome, audit_new_case, done
from .intake import MaterialInput, _material_rows, _routing
from .numbers import next_case_number

Status = CaseMaterial.Status


@dataclasses.dataclass(frozen=True)
class ApplicantActor:
    """The applicant acting on their own case. It has no staff roles, so the table sees it as
    APPLICANT; the audit names it by a pseudonym, never by phone or ID number. The hall makes
    one only for a case of an applicant the citizen is (portal.selectors)."""

    username: str


def applicant_actor(user) -> ApplicantActor:
    return ApplicantActor(username=f"citizen:{user.pk}")


def eligibility(version, form_data: dict) -> list:
    """The intake rules (受理条件) on the form data: the same check a window runs at intake."""
    return evaluate_rules([r for r in version.rules.all() if r.stage == "intake"], form_data or {})


@transaction.atomic
def submit_online(
    *,
    site,
    version,
    applicant,
    uploaded: list[int],
    form_data: dict | None,
    submitted_by,
    deferred: dict[int, dt.date] | None = None,
    committed: list[int] | None = None,
) -> Case:
    """Submit an online application at `site`. Materials the government holds are fetched from
    the licence store (R-13); those in `uploaded` count as received; the rest are missing and
    the pre-review will say so in one notice. `deferred` holds the 容缺 materials the applicant
    promises by a date (checked as at a window: deferrable, within the statutory limit). A rule the form data clearly fails is refused
    here, as a window would refuse it, before anything is written."""
    transfer_mode, home_site = _routing(site, version)
    given = {pk: MaterialInput(Status.DEFERRED, promised_by=day) for pk, day in (deferred or {}).items()}
    given.update({pk: MaterialInput(Status.RECEIVED) for pk in uploaded})
    # 告知承诺 accepted online under the citizen's real-name login
    given.update({pk: MaterialInput(Status.RECEIVED, note="告知承诺替代", commitment=True) for pk in committed or []})
    rows = _material_rows(version, applicant, given)
    results = eligibility(version, form_data or {})
    failed = [r.message for r in results if r.passed is False]
    if failed:
        raise DomainError(Problem("conditions_not_met", f"不符合受理条件:{'、'.join(failed)}。", "form_data"))
    now = timezone.now()
    case = Case.objects.create(
        number=next_case_number(site, timezone.localdate(now)),
        site=site,
        home_site=home_site,
        transfer_mode=transfer_mode,
        item_id=version.item_id,
        item_version=version,
        applicant=applicant,
        channel=Case.Channel.ONLINE,
        owner=None,
        form_data=form_data or {},
        rule_results=[dataclasses.asdict(r) for r in results],
        received_at=now,
        visits=0,
    )
    for row in rows:
        row.case = case
    CaseMaterial.objects.bulk_create(rows)
    commitments.record(
        case,
        [r.material for r in rows if r.material_id in set(committed or [])],
        signer=getattr(submitted_by, "username", str(submitted_by)),
        channel=commitments.Commitment.Channel.ONLINE,
    )
    audit_new_case(
        case,
        Event.CASE_RECEIVED,
        submitted_by,
        channel=Case.Channel.ONLINE,
        item=version.item.basic_code,
        version=version.number,
        transfer=transfer_mode,
        missing=sum(r.status == Status.MISSING for r in rows),
    )
    return case


def take(case: Case, actor) -> Outcome:
    """预审认领: the first clerk who pre-reviews an online case owns it; another clerk may act on
    it afterwards (A/B posts), but ownership never moves silently (the step's guard)."""
    case.owner = actor
    return done(owner=actor.username)
