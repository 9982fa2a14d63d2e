"""Shared plumbing of case services: roles, the locked transition, audit and outbox."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, empty

from yichuang.common import fastsql
from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.ledger.events import Event
from yichuang.ledger.together import record_and_emit, start_stream
from yichuang.org.calendar import add_working_days, working_days_between

from ..models import Case, ClockSuspension
from ..workflow import CLOCK_STOPPED, State


def staff_roles(user, *sites) -> set[str]:
    return user.roles_at(*sites)


def with_roles(user):
    """The user with their staff roles loaded once (for the whole request, when it is
    request.user); every role check then reads `user.staff_roles.all()` without a query.
    Anything that is not a staff account (None for the system, an applicant) is returned as is."""
    if isinstance(user, SimpleLazyObject):  # request.user: unwrap, so the cache lands on the real object
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    if not hasattr(user, "staff_roles"):
        return user
    if "staff_roles" not in getattr(user, "_prefetched_objects_cache", {}):
        prefetch_related_objects([user], "staff_roles")
    return user


def window_sites(case: Case) -> tuple:
    """Sites whose window staff do the front-desk work of this case: the accepting site; for a
    帮办代办 case a village helper started, also the township centre (its home site) that
    accepts it and hands out the result (R-28: the village collects, the township continues)."""
    if case.channel == Case.Channel.HELPER and case.home_site_id != case.site_id:
        return case.site, case.home_site
    return (case.site,)


def front_desk_site(case: Case):
    """The centre whose window continues the case: the township for a village helper's case,
    else the accepting site. Its departments run 联办 and its parent county receives 上报."""
    return window_sites(case)[-1]


def require_role(user, site, role: str, message: str) -> None:
    if role not in staff_roles(user, site):
        raise NotAllowed(Problem("role_not_allowed", message, "actor"))


INTAKE_ROLES = frozenset({"clerk", "helper"})


def check_intake_staff(user) -> None:
    """Applicants' data is looked up and changed at intake only: a window clerk or a 帮办代办员
    (the roles `intake.receive` lets receive) somewhere; approvers, heads and supervisors never
    need to find a person by ID number."""
    if not {r.role for r in user.staff_roles.all()} & INTAKE_ROLES:
        raise NotAllowed(Problem("role_not_allowed", "只有窗口受理人员或帮办代办员可以查找或登记申请人。", "actor"))


def check_joint_departments(case: Case, departments) -> None:
    """联办 goes to departments stationed at the centre that continues the case (the ones the
    workbench form offers), never to another site's departments picked by id over the API."""
    site = front_desk_site(case)
    reachable = set(site.departments.values_list("pk", flat=True))
    far = [d.name for d in departments if d.pk not in reachable]
    if far:
        raise DomainError(
            Problem(
                "department_not_reachable", f"{'、'.join(far)}不是{site.name}的进驻部门,不能分送联办。", "departments"
            )
        )


# The audit chain keeps the action names its records were hashed under (and the timelines and
# verifiers read them); only these two outbox topics were renamed to the past tense.
AUDIT_ACTIONS = {Event.CASE_APPROVED: "case.approve", Event.CASE_DENIED: "case.deny"}


def audit(case: Case, event: Event, actor, *, step: str = "", **data) -> None:
    """One audit record (naming the step that wrote it, for the timeline) and the event."""
    _audit(case, event, actor, data, new_stream=False, step=step)


def audit_new_case(case: Case, event: Event, actor, **data) -> None:
    """The first audit record of a case just created: its stream is new (one statement fewer
    than the locked append, same chain)."""
    _audit(case, event, actor, data, new_stream=True)


def insert_new_case(case: Case, materials: list, event: Event, actor, **data) -> None:
    """INSERT the case and its material rows, then `audit_new_case(case, event, actor, **data)`:
    on PostgreSQL all of it — case, materials, chain head, audit record, outbox row — is one
    statement (decision 0141); the rows and the hash are those of the separate writes."""
    if connection.vendor != "postgresql":
        fastsql.insert_with_children(case, materials, fk="case", key="material_id")
        audit_new_case(case, event, actor, **data)
        return
    along = start_stream(**_audit_args(case, event, actor, data, ""))
    fastsql.insert_with_children(case, materials, fk="case", key="material_id", along=along)


def _audit(case: Case, event: Event, actor, data: dict, *, new_stream: bool, step: str = "") -> None:
    """One audit record and the event `event`, whose payload is the case facts plus `data`."""
    record_and_emit(**_audit_args(case, event, actor, data, step), new_stream=new_stream)  # one round trip on PG


def _audit_args(case: Case, event: Event, actor, data: dict, step: str) -> dict:
    recorded = {"state": case.state, **({"step": step} if step else {}), **data}
    return {
        "stream": case.audit_stream,
        "action": AUDIT_ACTIONS.get(event, event.value),
        "actor": getattr(actor, "username", "system"),
        "object_type": "cases.Case",
        "object_id": case.number,
        "data": recorded,
        "event": event,
        "payload": {"case": case.number, "state": case.state, "site": case.site.code, **data},
        "key": case.number,
    }


LOCKED_WITH = ("site", "home_site", "item_version")


def locked(case: Case) -> Case:
    """The case's row, locked for this transaction, with what every step reads. Only the case
    row is locked (`of=self`): a plain FOR UPDATE would lock the joined site and item rows
    too, and every action at a centre would queue behind every other."""
    return Case.objects.select_for_update(of=("self",)).select_related(*LOCKED_WITH).get(pk=case.pk)


def move(case: Case, target: State) -> None:
    """Move the (locked) case to `target`; stop or restart the clock on the way. Only
    `steps.perform` and `steps.advance` call it, after the table allowed the move."""
    source, today = State(case.state), timezone.localdate()
    if case.accepted_on and target in CLOCK_STOPPED and source not in CLOCK_STOPPED:
        reason = (
            ClockSuspension.Reason.SPECIAL if target == State.SPECIAL_PROCEDURE else ClockSuspension.Reason.SUPPLEMENT
        )
        ClockSuspension.objects.create(case=case, reason=reason, started_on=today)
    if case.accepted_on and source in CLOCK_STOPPED and target not in CLOCK_STOPPED:
        resume_clock(case, today)
    case.state = target


@dataclass
class Outcome:
    """What a step's service function did: the object it made (a notice, a delivery …) for
    the caller, and the facts its audit record and event carry."""

    result: object = None
    facts: dict = field(default_factory=dict)
    then: list = field(default_factory=list)  # further (event, actor, facts) records, in order


def done(made=None, /, **facts) -> Outcome:
    """`made` is positional only: a step's facts may include a field named `result` (特别程序结果)."""
    return Outcome(made, facts)


def resume_clock(case: Case, today) -> None:
    """The due dates move by exactly the working days the clock stood still."""
    suspension = case.suspensions.filter(ended_on__isnull=True).first()
    if suspension is None:
        return
    stopped = max(working_days_between(case.home_site, suspension.started_on, today), 0)
    suspension.ended_on, suspension.working_days = today, stopped
    suspension.save(update_fields=["ended_on", "working_days"])
    case.suspended_days += stopped
    if stopped:
        case.due_date = add_working_days(case.home_site, case.due_date, stopped)
        case.statutory_due_date = add_working_days(case.home_site, case.statutory_due_date, stopped)


atomic = transaction.atomic
