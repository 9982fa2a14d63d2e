"""Where a step's roles must be held (the table's "where" column, cases.workflow.Where): which
of an actor's roles count for a step on one case (`roles_counting`, what steps.gate checks),
and the same rule as a query over many cases (`waiting_for`, what the queues list). The two
are written side by side so a queue lists exactly the cases whose steps gate would let the
same roles take."""

from __future__ import annotations

import operator
from functools import reduce

from django.db.models import Exists, OuterRef, Q

from yichuang.catalog.models import ItemVersion

from .models import Case, Escalation, JointTask
from .services import online
from .workflow import FINAL_STATES, Role, State, Where

W = Where
# Every state a case can still move from. Queues and the head's caseload filter on it (never
# `exclude(FINAL_STATES)`): on PostgreSQL that is what lets them use the partial indexes on open
# cases (migration cases 0008), which stay the size of the open caseload however long the
# county's history grows.
OPEN_STATES = tuple(s for s in State.values if s not in FINAL_STATES)


def open_cases() -> Q:
    return Q(state__in=OPEN_STATES)


def window_site_ids(case: Case) -> tuple[int, ...]:
    """The sites whose window staff do the case's front-desk work: the accepting site, and for
    a village helper's case the township (its home site) that continues it (R-28). The one
    place this rule is written; the workbench's window queues use `window_queue`."""
    if case.channel == Case.Channel.HELPER and case.home_site_id != case.site_id:
        return case.site_id, case.home_site_id
    return (case.site_id,)


def window_queue(site_id: int) -> Q:
    """The cases whose window work falls to `site_id` (the same rule as window_site_ids, as a filter)."""
    return Q(site_id=site_id) | Q(home_site_id=site_id, channel=Case.Channel.HELPER)


def _staff(actor) -> list:
    return list(actor.staff_roles.all()) if hasattr(actor, "staff_roles") else []


def _reviewing(case: Case, role) -> bool:
    """An approver reviews the case if they sit in the item's department at its home site;
    under 通办地审批 (local approval) any approver of the accepting site reviews it."""
    if role.site_id != case.home_site_id:
        return False
    if role.role != Role.APPROVER or case.transfer_mode == Case.TransferMode.LOCAL_APPROVAL:
        return True
    return role.department_id == case.item_version.department_id


def escalation_of(case: Case) -> Escalation | None:
    try:
        return case.escalation
    except Escalation.DoesNotExist:
        return None


def _county_counts(case: Case, role, *, review: bool) -> bool:
    """A role at the county centre the case was escalated to counts; to review and decide it,
    an approver of the department that decides it there (Escalation.department). An approver
    of another county department never counts: the case is not theirs to take in either."""
    escalation = escalation_of(case)
    if escalation is None or role.site_id != escalation.to_site_id:
        return False
    deciding = role.role == Role.APPROVER and role.department_id == escalation.department_id
    return deciding or (not review and role.role != Role.APPROVER)


def _joint_departments(case: Case) -> set[int]:
    return {t.department_id for t in case.joint_tasks.all() if t.status == JointTask.Status.PENDING}


def roles_counting(where: Where, case: Case, actor) -> set[str]:
    """The roles of `actor` that count for a step checked at `where` on this case."""
    if actor is None:
        return {Role.SYSTEM}
    if isinstance(actor, online.ApplicantActor):
        return {Role.APPLICANT}
    roles = _staff(actor)
    if where == W.WINDOW:
        sites = window_site_ids(case)
        return {r.role for r in roles if r.site_id in sites}
    if where == W.REVIEW:
        return {r.role for r in roles if _reviewing(case, r)}
    if where == W.HOME:
        return {r.role for r in roles if r.site_id == case.home_site_id}
    if where == W.EITHER:
        return {r.role for r in roles if r.site_id in (case.site_id, case.home_site_id)}
    if where == W.JOINT:
        pending = _joint_departments(case)
        return {r.role for r in roles if r.role == Role.APPROVER and r.department_id in pending}
    if where in (W.ESCALATED_TO, W.COUNTY_REVIEW):
        return {r.role for r in roles if _county_counts(case, r, review=where == W.COUNTY_REVIEW)}
    raise ValueError(where)


def _at(where: Where, role) -> Q:
    """The cases whose step checked at `where` counts this StaffRole (roles_counting as a filter)."""
    if where == W.WINDOW:
        return window_queue(role.site_id)
    if where == W.EITHER:
        return Q(site_id=role.site_id) | Q(home_site_id=role.site_id)
    if where == W.HOME:
        return Q(home_site_id=role.site_id)
    if where == W.REVIEW:
        sites = Q(home_site_id=role.site_id)
        if role.role == Role.APPROVER:
            # A subquery, not the joined version's column (see guards._version).
            department = Exists(
                ItemVersion.objects.filter(pk=OuterRef("item_version_id"), department_id=role.department_id)
            )
            sites &= Q(department) | Q(transfer_mode=Case.TransferMode.LOCAL_APPROVAL)
        return sites
    if where == W.JOINT:
        return Q(
            Exists(
                JointTask.objects.filter(
                    case=OuterRef("pk"), department_id=role.department_id, status=JointTask.Status.PENDING
                )
            )
        )
    if where in (W.ESCALATED_TO, W.COUNTY_REVIEW):
        # EXISTS rather than a join to the escalation: see guards.on_platform.
        to = {"to_site_id": role.site_id}
        if where == W.COUNTY_REVIEW or role.role == Role.APPROVER:
            to["department_id"] = role.department_id
        return Q(Exists(Escalation.objects.filter(case=OuterRef("pk"), **to)))
    raise ValueError(where)


def waiting_for(steps, roles, where: Where | None = None) -> Q:
    """The cases waiting for one of these rows of the table that some of these StaffRoles may
    take: per row that is a to-do (Act.to_do), its state at the sites its `where` names (the
    same rule as roles_counting), narrowed by the act's `pending` filter (its guard as a query).
    With `where`, only the rows checked there (one desk's queue); always among open cases."""
    condition = Q(pk__in=[])
    for role in roles:
        # Per desk: the states whose step there needs no more than the state (plain), and the
        # others with their filter. A filtered row of a state already plain at the same desk
        # adds nothing (A or (A and B) is A) and is left out; the desk's site test is said once.
        plain: dict[Where, set[State]] = {}
        filtered: dict[Where, list[tuple[State, Q]]] = {}
        for step in steps:
            if role.role not in step.roles or not step.act.to_do or where not in (None, step.where):
                continue
            if step.where == W.JOINT and role.role != Role.APPROVER:
                continue
            if step.act.pending is None:
                plain.setdefault(step.where, set()).add(step.source)
            else:
                filtered.setdefault(step.where, []).append((step.source, step.act.pending))
        for desk in [*plain, *(w for w in filtered if w not in plain)]:
            states = plain.get(desk, set())
            arms = [Q(state__in=sorted(states))] if states else []
            seen = set()
            for state, pending in filtered.get(desk, []):
                if state not in states and (state, id(pending)) not in seen:
                    seen.add((state, id(pending)))
                    arms.append(Q(state=state) & pending)
            condition |= _at(desk, role) & reduce(operator.or_, arms)
    # Implied by every row's state, and said once more on its own: PostgreSQL proves a partial
    # index applies only from a condition on the table itself, and the rows' conditions mix in
    # other tables (the item's kind, the escalation). With it, a queue reads open cases only.
    return open_cases() & condition
