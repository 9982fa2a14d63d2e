"""The other outcomes of seed 001's five kinds: 即办, 退回 (不予受理), 上报; and 撤回 / 终止.
Bodies of their steps (see transitions.py for what `steps.perform` has done before)."""
from __future__ import annotations

from django.utils import timezone

from yichuang.common.errors import DomainError, Problem
from yichuang.org.models import Site, User

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
    escalation = Escalation.objects.create(case=case, to_site=site, tracker=person, sent_at=timezone.now())
    return done(escalation, to_site=site.code, tracker=person.username)


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


def record_escalation_result(case: Case, actor, decision: str, status_note: str = "", external_number: str = "",
                             reason: str = "") -> Outcome:
    """The county's decision flows back: the case goes on to delivery at this window."""
    if decision not in Case.Decision.values:
        raise DomainError(Problem("invalid_decision", "上级审批结果只能是“准予”或“不予”。", "decision"))
    note = status_note.strip() or Case.Decision(decision).label
    _record(case, note, external_number)
    case.decision, case.decision_reason, case.decided_at = decision, reason, timezone.now()
    return done(note=note, decision=decision)


def withdraw(case: Case, actor, reason: str = "") -> Outcome:
    case.decision_reason, case.completed_at = reason, timezone.now()
    return done()


def terminate(case: Case, actor, reason: str, basis: str) -> Outcome:
    _require_reason(reason, basis, "termination_needs_reason", "终止办理须写明理由和依据。")
    case.decision_reason, case.decision_basis, case.completed_at = reason, basis, timezone.now()
    return done()
