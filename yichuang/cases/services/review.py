"""Back-office review: joint tasks (联办), special procedures, extension; then delivery.
Bodies of their steps (see transitions.py for what `steps.perform` has done before)."""

from __future__ import annotations

from django.utils import timezone

from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.ledger.events import Event
from yichuang.org.calendar import add_working_days, working_days_between
from yichuang.org.models import Department
from yichuang.people import services as people

from ..models import Case, CaseMaterial, Delivery, Extension, JointTask
from ..workflow import Action
from .common import Outcome, check_joint_departments, done


def dispatch_joint(case: Case, actor, departments: list[int]) -> Outcome:
    """联办件: parallel tasks for two or more departments; whoever received it tracks it."""
    found = {d.pk: d for d in Department.objects.filter(pk__in=departments)}
    unknown = [pk for pk in departments if pk not in found]
    if unknown:
        raise DomainError([Problem("unknown_department", f"部门编号{pk}不存在。", "departments") for pk in unknown])
    chosen = list({pk: found[pk] for pk in departments}.values())
    if len(chosen) < 2:
        raise DomainError(Problem("joint_needs_two", "联办件须有两个及以上部门并行办理。", "departments"))
    check_joint_departments(case, chosen)
    tasks = JointTask.objects.bulk_create([JointTask(case=case, department=d) for d in chosen])
    return done(tasks, departments=[d.name for d in chosen])


def answer_joint_task(case: Case, actor, task: int, granted: bool, opinion: str = "") -> Outcome:
    """One department answers; when the last one has, the system decides the case (all must agree)."""
    from ..steps import advance  # the system's own step (steps imports this module)

    found = JointTask.objects.select_for_update().select_related("department").filter(pk=task, case=case).first()
    if found is None:
        raise DomainError(Problem("unknown_joint_task", "该办件没有此联办任务。", "task"))
    if not any(r.role == "approver" and r.department_id == found.department_id for r in actor.staff_roles.all()):
        raise NotAllowed(Problem("role_not_allowed", f"只有{found.department}的审批人员可以办理该联办任务。", "actor"))
    if found.status != JointTask.Status.PENDING:
        raise DomainError(Problem("task_already_answered", "该部门已办理过此联办任务。", "task"))
    if not granted and not opinion.strip():
        raise DomainError(Problem("denial_needs_reason", "不同意须写明理由。", "opinion"))
    found.status = JointTask.Status.GRANTED if granted else JointTask.Status.DENIED
    found.opinion, found.decided_by, found.decided_at = opinion, actor, timezone.now()
    found.save()
    outcome = done(found, department=found.department.name, status=found.status)
    tasks = list(case.joint_tasks.all())
    if all(t.status != JointTask.Status.PENDING for t in tasks):
        denied = [t for t in tasks if t.status == JointTask.Status.DENIED]
        advance(case, Action.DENY if denied else Action.APPROVE)
        case.decision = Case.Decision.DENIED if denied else Case.Decision.GRANTED
        case.decision_reason = "；".join(f"{t.department}:{t.opinion}" for t in denied)
        case.decided_at = timezone.now()
        # The receiving window tells the applicant (seed 001): a notification event for its owner.
        outcome.then.append(
            (
                Event.CASE_JOINT_COMPLETED,
                None,
                {"decision": case.decision, "notify": case.owner.username if case.owner else ""},
            )
        )
    return outcome


def start_special(case: Case, actor, kind: str, reason: str) -> Outcome:
    """特别程序 (现场勘验, 听证, 检测, 专家评审 …): only those the item lists; the clock stops."""
    listed = set(case.item_version.specialprocedures.values_list("kind", flat=True))
    if kind not in listed:
        raise DomainError(Problem("special_not_listed", "该事项的实施清单未列出此特别程序,不能启动。", "kind"))
    case.suspensions.filter(ended_on__isnull=True).update(procedure=kind)
    return done(kind=kind, reason=reason)


def end_special(case: Case, actor, result: str) -> Outcome:
    return done(result=result)


def extend(case: Case, actor, days: int, reason: str) -> Outcome:
    """延期 with reason and the head's approval, never past the statutory limit."""
    if days < 1 or not reason.strip():
        raise DomainError(Problem("extension_invalid", "延期须至少1个工作日并写明理由。", "days"))
    # The room first: an absurd number of days is refused by the limit, never counted day by day.
    room = max(working_days_between(case.home_site, case.due_date, case.statutory_due_date), 0)
    if days > room:
        raise DomainError(
            Problem(
                "extension_exceeds_statutory",
                f"延期后将超过法定办结时限({case.statutory_due_date}),最多可延长{room}个工作日。",
                "days",
            )
        )
    new_due = add_working_days(case.home_site, case.due_date, days)
    extension = Extension.objects.create(
        case=case, days=days, reason=reason, approved_by=actor, approved_at=timezone.now()
    )
    case.due_date, case.extended_days = new_due, case.extended_days + days
    return done(extension, days=days, due_date=new_due.isoformat())


def supply_deferred(case: Case, actor, material_ids: list[int]) -> Outcome:
    """容缺后补: the promised material arrives."""
    updated = CaseMaterial.objects.filter(
        case=case, material_id__in=material_ids, status=CaseMaterial.Status.DEFERRED
    ).update(status=CaseMaterial.Status.RECEIVED)
    if not material_ids or updated != len(set(material_ids)):
        raise DomainError(Problem("not_deferred", "所选材料不是本办件的容缺材料。", "material_ids"))
    return done(materials=sorted(set(material_ids)))


def prepare_delivery(case: Case, actor) -> Outcome:
    """After the decision: issue the e-licence if the item produces one; 容缺 must be complete."""
    outstanding = case.materials.filter(status=CaseMaterial.Status.DEFERRED).values_list("material__name", flat=True)
    if outstanding:
        raise DomainError(
            Problem("deferred_outstanding", f"容缺材料尚未补齐:{'、'.join(outstanding)},不能出件。", "materials")
        )
    return done()


def deliver(case: Case, actor, method: str, tracking_number: str = "") -> Outcome:
    """统一窗口出件 at the accepting site: window pick-up, post with tracking number, or electronic."""
    if method not in Delivery.Method.values:
        raise DomainError(Problem("invalid_method", "送达方式只能是窗口领取、邮政快递或电子送达。", "method"))
    if method == Delivery.Method.POST and not tracking_number.strip():
        raise DomainError(Problem("tracking_number_required", "邮政快递送达须填写快递单号。", "tracking_number"))
    licence_number = _issue_licence(case)
    now = timezone.now()
    tracking = tracking_number.strip() if method == Delivery.Method.POST else ""
    delivery = Delivery.objects.create(
        case=case,
        method=method,
        tracking_number=tracking,
        delivered_at=now,
        delivered_by=actor,
        licence_number=licence_number,
    )
    # 跑动次数: a pick-up on another day is one more trip to the hall.
    if method == Delivery.Method.WINDOW and timezone.localdate(now) != timezone.localdate(case.received_at):
        case.visits += 1
    case.completed_at = now
    return done(delivery, method=method, visits=case.visits)


def _issue_licence(case: Case) -> str:
    version = case.item_version
    if case.decision != Case.Decision.GRANTED or not version.licence_type_code:
        return ""
    department = version.department
    licence = people.issue_licence(
        case.applicant,
        version.licence_type_code,
        version.result_name,
        department.name,
        department.credit_code,
        {"case": case.number, "item": version.name},
        source_case_ref=case.number,
    )
    return licence.number
