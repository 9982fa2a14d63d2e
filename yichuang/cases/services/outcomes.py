"""The other outcomes of seed 001's five kinds: 即办, 退回 (不予受理), 上报; and 撤回 / 终止."""
from __future__ import annotations

from django.utils import timezone

from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.ledger.events import Event

from ..models import Case, Escalation
from ..workflow import Action
from .common import atomic, audit, locked, move, staff_roles, window_sites


def _require_reason(reason: str, basis: str, code: str, message: str) -> None:
    if not (reason or "").strip() or not (basis or "").strip():
        raise DomainError(Problem(code, message, "reason"))


@atomic()
def decide_instantly(case: Case, clerk, opinion: str = "") -> Case:
    """即办件: accepted and decided on the spot by the window (窗口受理窗口办理)."""
    case = locked(case)
    if not case.item_version.is_instant:
        raise DomainError(Problem("not_instant", "该事项是承诺件,须转后台审批,不能当场办结。", "action"))
    move(case, Action.DECIDE_INSTANTLY, clerk, staff_roles(clerk, *window_sites(case)))
    case.decision, case.decision_reason, case.decided_at = Case.Decision.GRANTED, opinion, timezone.now()
    case.save()
    audit(case, Event.CASE_DECIDED_INSTANTLY, clerk, decision=case.decision)
    return case


@atomic()
def refuse_intake(case: Case, clerk, reason: str, basis: str) -> Case:
    """退回件 at intake (不予受理): with a written reason and legal basis."""
    _require_reason(reason, basis, "refusal_needs_reason", "不予受理须写明理由和法律依据。")
    case = locked(case)
    move(case, Action.REFUSE_INTAKE, clerk, staff_roles(clerk, *window_sites(case)))
    case.decision_reason, case.decision_basis, case.completed_at = reason, basis, timezone.now()
    case.save()
    audit(case, Event.CASE_INTAKE_REFUSED, clerk)
    return case


@atomic()
def escalate(case: Case, clerk, to_site, tracker) -> Escalation:
    """上报件: forwarded to the county centre with a named person who tracks it to the end."""
    case = locked(case)
    desks = window_sites(case)  # a helper's case is escalated by the township that continues it
    # Only to the county centre above the centre that continues the case, never another county's.
    if to_site.level != "county" or to_site.pk == case.site_id or to_site.pk != desks[-1].parent_id:
        raise DomainError(Problem("escalate_target", "上报件只能报送本中心所属的县级政务服务中心。", "to_site"))
    if not tracker.staff_roles.filter(site__in=desks).exists():
        raise DomainError(Problem("tracker_not_staff", "跟踪责任人须是本中心工作人员。", "tracker"))
    move(case, Action.ESCALATE, clerk, staff_roles(clerk, *desks))
    escalation = Escalation.objects.create(case=case, to_site=to_site, tracker=tracker, sent_at=timezone.now())
    case.save()
    audit(case, Event.CASE_ESCALATED, clerk, to_site=to_site.code, tracker=tracker.username)
    return escalation


@atomic()
def sync_escalation(case: Case, actor, *, status_note: str, external_number: str = "", decision: str = "",
                    reason: str = "") -> Case:
    """The county's progress flows back; with a decision the case moves on to delivery here."""
    case = locked(case)
    escalation = Escalation.objects.filter(case=case).first()
    if escalation is None:
        raise DomainError(Problem("not_escalated", "该办件未上报,没有上级审批进度可登记。", "case"))
    if actor is not None and not staff_roles(actor, case.site) & {"clerk", "head"}:
        raise NotAllowed(Problem("role_not_allowed", "只有受理站点的工作人员可以登记上级审批进度。", "actor"))
    escalation.status_note, escalation.synced_at = status_note, timezone.now()
    escalation.external_number = external_number or escalation.external_number
    escalation.save()
    if decision:
        if decision not in Case.Decision.values:
            raise DomainError(Problem("invalid_decision", "上级审批结果只能是“准予”或“不予”。", "decision"))
        roles = staff_roles(actor, case.site) | ({"system"} if actor is None else set())
        move(case, Action.RECORD_ESCALATION_RESULT, actor, roles)
        case.decision, case.decision_reason, case.decided_at = decision, reason, timezone.now()
    case.save()
    audit(case, Event.CASE_ESCALATION_SYNCED, actor, note=status_note, decision=decision)
    return case


@atomic()
def withdraw(case: Case, actor, reason: str) -> Case:
    case = locked(case)
    roles = staff_roles(actor, case.site) if hasattr(actor, "staff_roles") else {"applicant"}
    move(case, Action.WITHDRAW, actor, roles)
    case.decision_reason, case.completed_at = reason, timezone.now()
    case.save()
    audit(case, Event.CASE_WITHDRAWN, actor)
    return case


@atomic()
def terminate(case: Case, head, reason: str, basis: str) -> Case:
    _require_reason(reason, basis, "termination_needs_reason", "终止办理须写明理由和依据。")
    case = locked(case)
    move(case, Action.TERMINATE, head, staff_roles(head, case.site, case.home_site))
    case.decision_reason, case.decision_basis, case.completed_at = reason, basis, timezone.now()
    case.save()
    audit(case, Event.CASE_TERMINATED, head)
    return case
