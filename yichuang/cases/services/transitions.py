"""Acceptance, the one-time supplement notice, and decisions."""
from __future__ import annotations

from django.utils import timezone

from yichuang.common.errors import DomainError, Problem
from yichuang.ledger.events import Event
from yichuang.org.calendar import add_working_days

from .. import workflow
from ..models import Case, CaseMaterial, JointTask, SupplementNotice, SupplementNoticeLine
from ..workflow import Action
from .common import atomic, audit, check_approver, locked, move, staff_roles, supplement_roles, window_sites

Status = CaseMaterial.Status


@atomic()
def accept(case: Case, clerk) -> Case:
    """受理: the clock starts, in the home site's working days (R-24)."""
    case = locked(case)
    unresolved = [m.material.name for m in case.materials.select_related("material")
                  if m.status in (Status.MISSING, Status.REJECTED)]
    if unresolved:
        raise DomainError(Problem("materials_incomplete",
                                  f"材料不齐:{'、'.join(unresolved)}。请一次性告知补正,或按容缺受理。", "materials"))
    failed = [r["sentence"] for r in case.rule_results if r["passed"] is False]
    if failed:
        raise DomainError(Problem("conditions_not_met", f"不符合受理条件:{'、'.join(failed)}。应出具不予受理通知书。", "rules"))
    move(case, Action.ACCEPT, clerk, staff_roles(clerk, *window_sites(case)))
    now = timezone.now()
    version = case.item_version
    case.accepted_at, case.accepted_on = now, timezone.localdate(now)
    case.due_date = add_working_days(case.home_site, case.accepted_on, version.promised_days or 0)
    case.statutory_due_date = add_working_days(case.home_site, case.accepted_on, version.statutory_days or 0)
    case.save()
    audit(case, Event.CASE_ACCEPTED, clerk, due_date=case.due_date.isoformat())
    return case


@atomic()
def request_supplement(case: Case, actor, lines: dict[int, str]) -> SupplementNotice:
    """一次性告知: ONE notice listing every missing or wrong material with its reason. A material
    once accepted is never asked for again; a material may not be forgotten and asked later."""
    case = locked(case)
    roles = supplement_roles(case, actor)
    workflow.transition(case.state, Action.REQUEST_SUPPLEMENT, roles)  # who may ask, before what is asked
    by_material = {m.material_id: m for m in case.materials.select_related("material")}
    noticed_before = set(SupplementNoticeLine.objects.filter(notice__case=case).values_list("material_id", flat=True))
    earlier_notice = case.supplement_notices.exists()
    problems = []
    for material_id, reason in lines.items():
        row = by_material.get(material_id)
        if row is None:
            problems.append(Problem("unknown_material", f"材料编号{material_id}不属于该办件。", f"lines.{material_id}"))
        elif row.is_satisfied and _accepted_earlier(case, row, noticed_before, earlier_notice):
            problems.append(Problem("material_already_accepted",
                                    f"“{row.material.name}”已经审核通过,不得再次要求提交。", f"lines.{material_id}"))
        if not (reason or "").strip():
            problems.append(Problem("reason_required", "每项补正材料都须写明原因。", f"lines.{material_id}"))
    forgotten = [m.material.name for m in by_material.values()
                 if m.status in (Status.MISSING, Status.REJECTED) and m.material_id not in lines]
    if forgotten:
        problems.append(Problem("notice_incomplete", f"一次性告知须列出全部缺少或不符合的材料,遗漏:{'、'.join(forgotten)}。", "lines"))
    if not lines:
        problems.append(Problem("notice_empty", "补正告知书至少列出一项材料。", "lines"))
    if problems:
        raise DomainError(problems)
    move(case, Action.REQUEST_SUPPLEMENT, actor, roles)
    notice = SupplementNotice.objects.create(case=case, issued_at=timezone.now(), issued_by=actor)
    SupplementNoticeLine.objects.bulk_create(
        [SupplementNoticeLine(notice=notice, material_id=m, reason=r) for m, r in lines.items()])
    CaseMaterial.objects.filter(case=case, material_id__in=lines, status__in=[Status.RECEIVED, Status.FETCHED]
                                ).update(status=Status.REJECTED)
    case.save()
    audit(case, Event.CASE_SUPPLEMENT_REQUESTED, actor, materials=sorted(lines))
    return notice


def _accepted_earlier(case: Case, row: CaseMaterial, noticed_before: set[int], earlier_notice: bool) -> bool:
    """The first notice may list any material, received ones that are wrong included. After
    it, what was not questioned (or was supplied against it) counts as accepted and is never
    asked for again. During review an approver may question a received material once, but
    never one already supplied against a notice."""
    if row.material_id in noticed_before:
        return True
    return earlier_notice and case.accepted_on is None


@atomic()
def supplement(case: Case, actor, received: list[int]) -> Case:
    """The applicant brings what the notice asked for; all of it, or the case keeps waiting."""
    case = locked(case)
    notice = case.supplement_notices.filter(supplied_at__isnull=True).last()
    asked = set(notice.lines.values_list("material_id", flat=True)) if notice else set()
    still_missing = asked - set(received)
    if still_missing:
        names = CaseMaterial.objects.filter(case=case, material_id__in=still_missing).values_list("material__name", flat=True)
        raise DomainError(Problem("supplement_incomplete", f"尚缺:{'、'.join(names)}。", "received"))
    roles = staff_roles(actor, *window_sites(case)) if hasattr(actor, "staff_roles") else {"applicant"}
    move(case, Action.SUPPLEMENT, actor, roles)
    CaseMaterial.objects.filter(case=case, material_id__in=asked).update(status=Status.RECEIVED)
    notice.supplied_at = timezone.now()
    notice.save(update_fields=["supplied_at"])
    case.save()
    audit(case, Event.CASE_SUPPLEMENTED, actor, materials=sorted(asked))
    return case


@atomic()
def start_review(case: Case, approver) -> Case:
    """The back office takes the case (后台分类审批)."""
    case = locked(case)
    check_approver(case, approver)
    move(case, Action.START_REVIEW, approver, staff_roles(approver, case.home_site))
    case.save()
    audit(case, Event.CASE_REVIEW_STARTED, approver)
    return case


def _decide(case: Case, approver, action: str, event: Event, decision: str, reason: str, basis: str) -> Case:
    case = locked(case)
    check_approver(case, approver)
    _refuse_open_joint_case(case, action)
    if decision == Case.Decision.DENIED and not (reason.strip() and basis.strip()):
        raise DomainError(Problem("denial_needs_reason", "不予许可须写明理由和法律依据。", "reason"))
    move(case, action, approver, staff_roles(approver, case.home_site))
    case.decision, case.decision_reason, case.decision_basis = decision, reason, basis
    case.decided_at = timezone.now()
    case.save()
    audit(case, event, approver, decision=decision)
    return case


def _refuse_open_joint_case(case: Case, action: str) -> None:
    """A 联办件 is decided by the system when the last department answers (all must agree: one
    denial denies it, review.answer_joint_task); nobody decides it by hand before that, or a
    later denial would meet a case already granted."""
    pending = [t.department.name for t in case.joint_tasks.select_related("department")
               if t.status == JointTask.Status.PENDING]
    if pending:
        raise DomainError(Problem("joint_tasks_pending",
                                  f"联办件尚有部门未办理:{'、'.join(pending)}。全部联办部门办理后由系统作出决定,"
                                  f"不能直接“{Action(action).label}”。", "action"))


@atomic()
def approve(case: Case, approver, opinion: str = "") -> Case:
    return _decide(case, approver, Action.APPROVE, Event.CASE_APPROVED, Case.Decision.GRANTED, opinion, "")


@atomic()
def deny(case: Case, approver, reason: str, basis: str) -> Case:
    return _decide(case, approver, Action.DENY, Event.CASE_DENIED, Case.Decision.DENIED, reason, basis)
