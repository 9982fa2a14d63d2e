"""The other outcomes of seed 001's five kinds: 即办, 退回 (不予受理), 上报; and 撤回 / 终止.
Bodies of their steps (see transitions.py for what `steps.perform` has done before)."""

from __future__ import annotations

from django.utils import timezone

from yichuang.common.errors import DomainError, Problem
from yichuang.org.calendar import add_working_days, working_days_between
from yichuang.org.models import Department, Site, User

from ..models import Case, Escalation
from .common import Outcome, done, window_sites


def _require_reason(reason: str, basis: str, code: str, message: str) -> None:
    if not (reason or "").strip() or not (basis or "").strip():
        raise DomainError(Problem(code, message, "reason"))


def decide_instantly(case: Case, actor, opinion: str = "") -> Outcome:
    """即办件: accepted and decided on the spot by the window (窗口受理窗口办理)."""
    case.decision, case.decision_reason, case.decided_at = Case.Decision.GRANTED, opinion, timezone.now()
    return done(decision=case.decision)


def refuse_intake(case: Case, actor, reason: str, basis: str) -> Outcome:
    """退回件 at intake (不予受理): with a written reason and legal basis."""
    _require_reason(reason, basis, "refusal_needs_reason", "不予受理须写明理由和法律依据。")
    case.decision_reason, case.decision_basis, case.completed_at = reason, basis, timezone.now()
    return done()


def escalate(case: Case, actor, to_site: str = "", tracker: str = "") -> Outcome:
    """上报件: forwarded to the county centre with a named person who tracks it to the end.
    By default to the county centre above the centre that continues the case, tracked by the
    clerk who sends it (what the window does); the API may name both."""
    desks = window_sites(case)  # a helper's case is escalated by the township that continues it
    above = desks[-1].parent_id
    site = Site.objects.filter(code=to_site).first() if to_site else Site.objects.filter(pk=above).first()
    if to_site and site is None:
        raise DomainError(Problem("unknown_site", "站点编码不存在。", "to_site"))
    # Only to the county centre above the centre that continues the case, never another county's.
    if site is None or site.level != "county" or site.pk == case.site_id or site.pk != above:
        raise DomainError(Problem("escalate_target", "上报件只能报送本中心所属的县级政务服务中心。", "to_site"))
    person = User.objects.filter(username=tracker, is_active=True).first() if tracker else actor
    if person is None:
        raise DomainError(Problem("unknown_user", "该用户不存在或已停用。", "tracker"))
    if not person.staff_roles.filter(site__in=desks).exists():
        raise DomainError(Problem("tracker_not_staff", "跟踪责任人须是本中心工作人员。", "tracker"))
    escalation = Escalation.objects.create(
        case=case, to_site=site, tracker=person, sent_at=timezone.now(), department=county_department(case, site)
    )
    return done(escalation, to_site=site.code, tracker=person.username)


def county_department(case: Case, county: Site) -> Department | None:
    """The county department that decides an escalated case on the platform: the one the
    item's 委托部门 (entrusting body) names, stationed at the county centre. None when the item
    names none or the county has no such department here: the county then works outside the
    platform and the township records its result (record_escalation_result)."""
    body = case.item_version.entrusting_body.strip()
    if not body:
        return None
    return Department.objects.filter(site=county, name=body).first()


# ---------------------------------------------------------------- the county works the case (上报件 on the platform)


def _escalation(case: Case, status, note: str) -> Escalation:
    escalation = Escalation.objects.select_related("to_site", "department").get(case=case)
    escalation.county_status, escalation.status_note, escalation.synced_at = status, note, timezone.now()
    return escalation


def _county_days(case: Case, escalation: Escalation) -> int:
    """The county's part of the limit: the item's steps done by the deciding department (环节时限);
    without such steps, what is left of the township's promise."""
    days = sum(s.days for s in case.item_version.steps.all() if s.actor == escalation.department.name)
    if days:
        return days
    return max(working_days_between(case.home_site, timezone.localdate(), case.due_date), 0) if case.due_date else 0


def county_accept(case: Case, actor) -> Outcome:
    """The county centre's window takes the escalated case in: the county's clock starts, on
    the county's own working days."""
    escalation = _escalation(case, Escalation.CountyStatus.ACCEPTED, "县级中心已受理")
    today = timezone.localdate()
    escalation.county_accepted_on = today
    escalation.county_due_date = add_working_days(escalation.to_site, today, _county_days(case, escalation))
    escalation.save()
    return done(escalation, due_date=escalation.county_due_date.isoformat())


def county_start_review(case: Case, actor) -> Outcome:
    _escalation(case, Escalation.CountyStatus.IN_REVIEW, f"{_department(case)}审查中").save()
    return done()


def _department(case: Case) -> str:
    return Escalation.objects.select_related("department").get(case=case).department.name


def county_approve(case: Case, actor, opinion: str = "") -> Outcome:
    """The county department grants: the case is decided and goes back to the township's window."""
    note = f"{_department(case)}准予"
    _escalation(case, Escalation.CountyStatus.DECIDED, note).save()
    case.decision, case.decision_reason, case.decided_at = Case.Decision.GRANTED, opinion, timezone.now()
    return done(note=note, decision=case.decision)


def county_deny(case: Case, actor, reason: str, basis: str) -> Outcome:
    _require_reason(reason, basis, "denial_needs_reason", "不予许可须写明理由和法律依据。")
    note = f"{_department(case)}不予"
    _escalation(case, Escalation.CountyStatus.DECIDED, note).save()
    case.decision, case.decision_reason, case.decision_basis = Case.Decision.DENIED, reason, basis
    case.decided_at = timezone.now()
    return done(note=note, decision=case.decision)


def _record(case: Case, status_note: str, external_number: str) -> Escalation:
    escalation = Escalation.objects.get(case=case)  # the state 已上报 has one (escalate made it)
    escalation.status_note, escalation.synced_at = status_note, timezone.now()
    escalation.external_number = external_number or escalation.external_number
    escalation.save()
    return escalation


def record_escalation_progress(case: Case, actor, status_note: str, external_number: str = "") -> Outcome:
    """The county's progress flows back (受理号, 进度): the case stays escalated."""
    if not status_note.strip():
        raise DomainError(Problem("status_note_required", "请填写上级中心的最新进度。", "status_note"))
    _record(case, status_note, external_number)
    return done(note=status_note, decision="")


def record_escalation_result(
    case: Case, actor, decision: str, status_note: str = "", external_number: str = "", reason: str = ""
) -> Outcome:
    """The county's decision flows back: the case goes on to delivery at this window."""
    if decision not in Case.Decision.values:
        raise DomainError(Problem("invalid_decision", "上级审批结果只能是“准予”或“不予”。", "decision"))
    note = status_note.strip() or Case.Decision(decision).label
    escalation = _record(case, note, external_number)
    Escalation.objects.filter(pk=escalation.pk).update(county_status=Escalation.CountyStatus.DECIDED)
    case.decision, case.decision_reason, case.decided_at = decision, reason, timezone.now()
    return done(note=note, decision=decision)


def withdraw(case: Case, actor, reason: str = "") -> Outcome:
    case.decision_reason, case.completed_at = reason, timezone.now()
    return done()


def terminate(case: Case, actor, reason: str, basis: str) -> Outcome:
    _require_reason(reason, basis, "termination_needs_reason", "终止办理须写明理由和依据。")
    case.decision_reason, case.decision_basis, case.completed_at = reason, basis, timezone.now()
    return done()
