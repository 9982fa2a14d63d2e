"""Shared plumbing of case services: roles, the locked transition, audit and outbox."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event
from yichuang.org.calendar import add_working_days, working_days_between

from .. import workflow
from ..models import Case, ClockSuspension
from ..workflow import CLOCK_STOPPED, State


def staff_roles(user, *sites) -> set[str]:
    return user.roles_at(*sites)


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


def check_approver(case: Case, user) -> None:
    """The item's own department approves; under 通办地审批 the accepting site's approvers do."""
    roles = user.staff_roles.filter(site=case.home_site, role="approver")
    if case.transfer_mode != Case.TransferMode.LOCAL_APPROVAL:
        department = case.item_version.department
        if not roles.filter(department=department).exists():
            raise NotAllowed(Problem("role_not_allowed", f"只有{department}的审批人员可以审批该办件。", "actor"))
    elif not roles.exists():
        raise NotAllowed(Problem("role_not_allowed", "只有通办地的审批人员可以审批该办件。", "actor"))


INTAKE_ROLES = frozenset({"clerk", "helper"})


def check_intake_staff(user) -> None:
    """Applicants' data is looked up and changed at intake only: a window clerk or a 帮办代办员
    (the roles `intake.receive` lets receive) somewhere; approvers, heads and supervisors never
    need to find a person by ID number."""
    if not {r.role for r in user.staff_roles.all()} & INTAKE_ROLES:
        raise NotAllowed(Problem("role_not_allowed", "只有窗口受理人员或帮办代办员可以查找或登记申请人。", "actor"))


def supplement_roles(case: Case, user) -> set[str]:
    """Who may issue a one-time notice: in 预审 the receiving window; in review the reviewing
    department only (the notice stops the clock, so it is that department's call, as approving is)."""
    if case.state == State.IN_REVIEW:
        check_approver(case, user)
        return staff_roles(user, case.home_site)
    return staff_roles(user, *window_sites(case))


def check_joint_departments(case: Case, departments) -> None:
    """联办 goes to departments stationed at the centre that continues the case (the ones the
    workbench form offers), never to another site's departments picked by id over the API."""
    site = front_desk_site(case)
    reachable = set(site.departments.values_list("pk", flat=True))
    far = [d.name for d in departments if d.pk not in reachable]
    if far:
        raise DomainError(Problem("department_not_reachable",
                                  f"{'、'.join(far)}不是{site.name}的进驻部门,不能分送联办。", "departments"))


# The audit chain keeps the action names its records were hashed under (and the timelines and
# verifiers read them); only these two outbox topics were renamed to the past tense.
AUDIT_ACTIONS = {Event.CASE_APPROVED: "case.approve", Event.CASE_DENIED: "case.deny"}


def audit(case: Case, event: Event, actor, **data) -> None:
    _audit(case, event, actor, data, new_stream=False)


def audit_new_case(case: Case, event: Event, actor, **data) -> None:
    """The first audit record of a case just created: its stream is new (one statement fewer
    than the locked append, same chain)."""
    _audit(case, event, actor, data, new_stream=True)


def _audit(case: Case, event: Event, actor, data: dict, *, new_stream: bool) -> None:
    """One audit record and the event `event`, whose payload is the case facts plus `data`."""
    ledger.record(case.audit_stream, AUDIT_ACTIONS.get(event, event.value), actor=getattr(actor, "username", "system"),
                  object_type="cases.Case", object_id=case.number, data={"state": case.state, **data},
                  new_stream=new_stream)
    ledger.emit(event, {"case": case.number, "state": case.state, "site": case.site.code, **data}, key=case.number)


def locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("site", "home_site", "item_version").get(pk=case.pk)


def move(case: Case, action: str, actor, roles: set[str]) -> workflow.Transition:
    """Check the table and move the (locked) case; stop or restart the clock on the way."""
    t = workflow.transition(case.state, action, roles)
    today = timezone.localdate()
    if case.accepted_on and t.target in CLOCK_STOPPED and t.source not in CLOCK_STOPPED:
        reason = ClockSuspension.Reason.SPECIAL if t.target == State.SPECIAL_PROCEDURE else ClockSuspension.Reason.SUPPLEMENT
        ClockSuspension.objects.create(case=case, reason=reason, started_on=today)
    if case.accepted_on and t.source in CLOCK_STOPPED and t.target not in CLOCK_STOPPED:
        resume_clock(case, today)
    case.state = t.target
    return t


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
