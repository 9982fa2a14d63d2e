"""Back-office review: joint tasks (联办), special procedures, extension; then delivery."""
from __future__ import annotations

from django.utils import timezone

from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.ledger.events import Event
from yichuang.org.calendar import add_working_days, working_days_between
from yichuang.people import services as people

from ..models import Case, CaseMaterial, Delivery, Extension, JointTask
from .. import workflow
from ..workflow import Action, State
from .common import atomic, audit, check_approver, check_joint_departments, locked, move, staff_roles, window_sites


@atomic()
def dispatch_joint(case: Case, clerk, departments) -> list[JointTask]:
    """联办件: parallel tasks for two or more departments; whoever received it tracks it."""
    case = locked(case)
    departments = list({d.pk: d for d in departments}.values())
    if len(departments) < 2:
        raise DomainError(Problem("joint_needs_two", "联办件须有两个及以上部门并行办理。", "departments"))
    check_joint_departments(case, departments)
    move(case, Action.DISPATCH_JOINT, clerk, staff_roles(clerk, *window_sites(case)))
    tasks = JointTask.objects.bulk_create([JointTask(case=case, department=d) for d in departments])
    case.save()
    audit(case, Event.CASE_JOINT_DISPATCHED, clerk, departments=[d.name for d in departments])
    return tasks


@atomic()
def answer_joint_task(task: JointTask, approver, granted: bool, opinion: str) -> JointTask:
    """One department answers; when the last one has, the case is decided (all must agree)."""
    case = locked(task.case)
    task = JointTask.objects.select_for_update().get(pk=task.pk)
    if not approver.staff_roles.filter(role="approver", department=task.department).exists():
        raise NotAllowed(Problem("role_not_allowed", f"只有{task.department}的审批人员可以办理该联办任务。", "actor"))
    if case.state != State.IN_REVIEW:  # withdrawn, terminated, paused: an answer now would count for nothing
        raise DomainError(Problem("case_not_in_review",
                                  f"办件处于“{State(case.state).label}”状态,联办部门现在不能办理。", "task"))
    if task.status != JointTask.Status.PENDING:
        raise DomainError(Problem("task_already_answered", "该部门已办理过此联办任务。", "task"))
    if not granted and not opinion.strip():
        raise DomainError(Problem("denial_needs_reason", "不同意须写明理由。", "opinion"))
    task.status = JointTask.Status.GRANTED if granted else JointTask.Status.DENIED
    task.opinion, task.decided_by, task.decided_at = opinion, approver, timezone.now()
    task.save()
    audit(case, Event.CASE_JOINT_TASK_ANSWERED, approver, department=task.department.name, status=task.status)
    tasks = list(case.joint_tasks.all())
    if all(t.status != JointTask.Status.PENDING for t in tasks):
        denied = [t for t in tasks if t.status == JointTask.Status.DENIED]
        move(case, Action.DENY if denied else Action.APPROVE, None, {"system"})
        case.decision = Case.Decision.DENIED if denied else Case.Decision.GRANTED
        case.decision_reason = "；".join(f"{t.department}:{t.opinion}" for t in denied)
        case.decided_at = timezone.now()
        case.save()
        # The receiving window tells the applicant (seed 001): a notification event for its owner.
        audit(case, Event.CASE_JOINT_COMPLETED, None, decision=case.decision, notify=case.owner.username)
    return task


@atomic()
def start_special(case: Case, approver, kind: str, reason: str) -> Case:
    """特别程序 (现场勘验, 听证, 检测, 专家评审 …): only those the item lists; the clock stops."""
    case = locked(case)
    check_approver(case, approver)
    listed = set(case.item_version.specialprocedures.values_list("kind", flat=True))
    if kind not in listed:
        raise DomainError(Problem("special_not_listed", "该事项的实施清单未列出此特别程序,不能启动。", "kind"))
    move(case, Action.START_SPECIAL, approver, staff_roles(approver, case.home_site))
    case.save()
    case.suspensions.filter(ended_on__isnull=True).update(procedure=kind)
    audit(case, Event.CASE_SPECIAL_STARTED, approver, kind=kind, reason=reason)
    return case


@atomic()
def end_special(case: Case, approver, result: str) -> Case:
    case = locked(case)
    check_approver(case, approver)
    move(case, Action.END_SPECIAL, approver, staff_roles(approver, case.home_site))
    case.save()
    audit(case, Event.CASE_SPECIAL_ENDED, approver, result=result)
    return case


@atomic()
def extend(case: Case, head, days: int, reason: str) -> Extension:
    """延期 with reason and the head's approval, never past the statutory limit."""
    case = locked(case)
    roles = staff_roles(head, case.home_site)
    workflow.transition(case.state, Action.EXTEND, roles)  # refuse before reading dates that may not exist
    if days < 1 or not reason.strip():
        raise DomainError(Problem("extension_invalid", "延期须至少1个工作日并写明理由。", "days"))
    # The room first: an absurd number of days is refused by the limit, never counted day by day.
    room = max(working_days_between(case.home_site, case.due_date, case.statutory_due_date), 0)
    if days > room:
        raise DomainError(Problem("extension_exceeds_statutory",
                                  f"延期后将超过法定办结时限({case.statutory_due_date}),最多可延长{room}个工作日。", "days"))
    new_due = add_working_days(case.home_site, case.due_date, days)
    move(case, Action.EXTEND, head, roles)
    extension = Extension.objects.create(case=case, days=days, reason=reason, approved_by=head,
                                         approved_at=timezone.now())
    case.due_date, case.extended_days = new_due, case.extended_days + days
    case.save()
    audit(case, Event.CASE_EXTENDED, head, days=days, due_date=new_due.isoformat())
    return extension


@atomic()
def supply_deferred(case: Case, clerk, material_ids: list[int]) -> Case:
    """容缺后补: the promised material arrives."""
    case = locked(case)
    if not staff_roles(clerk, *window_sites(case)) & {"clerk", "helper"}:
        raise NotAllowed(Problem("role_not_allowed", "只有受理站点的工作人员可以收取后补材料。", "actor"))
    updated = CaseMaterial.objects.filter(case=case, material_id__in=material_ids,
                                          status=CaseMaterial.Status.DEFERRED).update(status=CaseMaterial.Status.RECEIVED)
    if updated != len(set(material_ids)):
        raise DomainError(Problem("not_deferred", "所选材料不是本办件的容缺材料。", "material_ids"))
    audit(case, Event.CASE_DEFERRED_SUPPLIED, clerk, materials=sorted(material_ids))
    return case


@atomic()
def prepare_delivery(case: Case, clerk) -> Case:
    """After the decision: issue the e-licence if the item produces one; 容缺 must be complete."""
    case = locked(case)
    outstanding = case.materials.filter(status=CaseMaterial.Status.DEFERRED).values_list("material__name", flat=True)
    if outstanding:
        raise DomainError(Problem("deferred_outstanding", f"容缺材料尚未补齐:{'、'.join(outstanding)},不能出件。", "materials"))
    move(case, Action.PREPARE_DELIVERY, clerk, staff_roles(clerk, *window_sites(case)))
    case.save()
    audit(case, Event.CASE_DELIVERY_PREPARED, clerk)
    return case


@atomic()
def deliver(case: Case, clerk, method: str, tracking_number: str = "") -> Delivery:
    """统一窗口出件 at the accepting site: window pick-up, post with tracking number, or electronic."""
    case = locked(case)
    if method not in Delivery.Method.values:
        raise DomainError(Problem("invalid_method", "送达方式只能是窗口领取、邮政快递或电子送达。", "method"))
    if method == Delivery.Method.POST and not tracking_number.strip():
        raise DomainError(Problem("tracking_number_required", "邮政快递送达须填写快递单号。", "tracking_number"))
    move(case, Action.DELIVER, clerk, staff_roles(clerk, *window_sites(case)))
    licence_number = _issue_licence(case)
    now = timezone.now()
    delivery = Delivery.objects.create(case=case, method=method, tracking_number=tracking_number.strip(),
                                       delivered_at=now, delivered_by=clerk, licence_number=licence_number)
    # 跑动次数: a pick-up on another day is one more trip to the hall.
    if method == Delivery.Method.WINDOW and timezone.localdate(now) != timezone.localdate(case.received_at):
        case.visits += 1
    case.completed_at = now
    case.save()
    audit(case, Event.CASE_DELIVERED, clerk, method=method, visits=case.visits)
    return delivery


def _issue_licence(case: Case) -> str:
    version = case.item_version
    if case.decision != Case.Decision.GRANTED or not version.licence_type_code:
        return ""
    department = version.department
    licence = people.issue_licence(case.applicant, version.licence_type_code, version.result_name, department.name,
                                   department.credit_code, {"case": case.number, "item": version.name},
                                   source_case_ref=case.number)
    return licence.number

