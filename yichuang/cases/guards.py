"""Guards of the table of steps (cases.steps): when an action makes sense for a case, beyond
who may take it. `gate` asks the guard, so a page offers an action only when it would be
accepted; a guard's `pending` twin (a filter) lets a queue list only such cases."""

from __future__ import annotations

import functools

from django.db.models import Exists, OuterRef, Q

from yichuang.catalog.models import Fee, ItemVersion
from yichuang.catalog.models.choices import CaseKind
from yichuang.common.errors import Problem

from .models import Case, CaseMaterial, Escalation, JointTask
from .where import escalation_of


def no_open_joint_tasks(case: Case) -> Problem | None:
    """A 联办件 is decided by the system when the last department answers (all must agree: one
    denial denies it); nobody decides it by hand before that, or a later denial would meet a
    case already granted."""
    pending = [t.department.name for t in case.joint_tasks.all() if t.status == JointTask.Status.PENDING]
    if pending:
        return Problem(
            "joint_tasks_pending",
            f"联办件尚有部门未办理:{'、'.join(pending)}。全部联办部门办理后由系统作出决定,不能直接准予或不予许可。",
            "action",
        )
    return None


def _version(**lookups) -> Q:
    # A subquery on the item version, not a test on the joined row: in an OR of a queue's rows
    # a condition on a joined table costs PostgreSQL 15–40 ms of planning, a subquery about 1 ms.
    return Q(Exists(ItemVersion.objects.filter(pk=OuterRef("item_version_id"), **lookups)))


INSTANT = _version(case_kind=CaseKind.INSTANT)  # instant_item as a filter


def instant_item(case: Case) -> Problem | None:
    if not case.item_version.is_instant:
        return Problem("not_instant", "该事项是承诺件,须转后台审批,不能当场办结。", "action")
    return None


def unowned_online(case: Case) -> Problem | None:
    if case.channel != Case.Channel.ONLINE:
        return Problem("not_online", "该办件不是网上申请。", "action")
    if case.owner_id is not None:
        return Problem("already_taken", "该网上申请已有首问责任人。", "action")
    return None


def has_deferred(case: Case) -> Problem | None:
    if not any(m.status == CaseMaterial.Status.DEFERRED for m in case.materials.all()):
        return Problem("not_deferred", "该办件没有待后补的容缺材料。", "action")
    return None


def lists_special(case: Case) -> Problem | None:
    if not case.item_version.specialprocedures.all():
        return Problem("special_not_listed", "该事项的实施清单未列出特别程序。", "action")
    return None


def decided_here(case: Case) -> Problem | None:
    """上报件 go up from the centre that decides the case. A 委托收件 township only receives
    (the county decides from intake on: catalog.delegation.home_site), and under 通办 with
    归属地审批 the home township decides: the receiving window has nothing to report upward."""
    if case.channel != Case.Channel.HELPER and case.home_site_id != case.site_id:
        return Problem(
            "decided_elsewhere",
            f"该办件由{case.home_site.name}审批,本窗口只负责收件和出件,不能上报。",
            "action",
        )
    return None


def county_off_platform(case: Case) -> Problem | None:
    """The township records the county's progress and result only for a county outside the
    platform; a county on it takes its steps here, and nobody types them in again."""
    escalation = escalation_of(case)
    if escalation is not None and escalation.department_id is not None:
        return Problem(
            "county_on_platform",
            f"{escalation.to_site.name}在本平台办理该上报件,进度和结果由县级中心办理后自动显示,无需登记。",
            "action",
        )
    return None


def county_at(status: str):
    """The county's steps in their order (受理 → 审查 → 准予/不予), on the platform only."""

    def guard(case: Case) -> Problem | None:
        escalation = escalation_of(case)
        if escalation is None or escalation.department_id is None:
            return Problem(
                "county_not_on_platform", "该上报件的上级中心不在本平台办理,由受理地登记上级审批结果。", "action"
            )
        if escalation.county_status != status:
            return Problem(
                "county_step_out_of_order",
                f"该上报件目前为“{escalation.get_county_status_display()}”,不能办理此步骤。",
                "action",
            )
        return None

    guard.__name__ = f"_county_{status}"
    return guard


@functools.cache  # one filter per status: the queues fold rows that share it (COUNTY_APPROVE, _DENY)
def on_platform(status: str) -> Q:
    # EXISTS, not a join: a queue ORs the pending filters of several rows, and PostgreSQL plans
    # an OR across LEFT JOINed tables in 15–40 ms where the same test as a subquery takes 1 ms.
    return Q(Exists(Escalation.objects.filter(case=OuterRef("pk"), department__isnull=False, county_status=status)))


def county_off_platform_pending() -> Q:
    """`county_off_platform` as a filter: no escalation that names a county department here."""
    return ~Q(Exists(Escalation.objects.filter(case=OuterRef("pk"), department__isnull=False)))


def fee_settled(case: Case) -> Problem | None:
    """一次性收费 (R-31): a granted case of a charged item is handed out once its fee is paid or
    exempt. The charge is the fees app's row (reverse accessor `charge`, assessed at acceptance);
    the case core reads it without importing that app. A refusal is handed out regardless (its
    fee is cancelled or refunded); a free item is untouched."""
    if case.decision == Case.Decision.DENIED:
        return None
    charge = getattr(case, "charge", None)
    if charge is None:
        if Fee.objects.filter(version_id=case.item_version_id, amount_fen__isnull=False).exists():
            return Problem("fee_not_assessed", "该办件的收费尚未核定,请打开办件的缴费页面核定后收费。", "action")
        return None
    if charge.status == "due":
        amount = f"{charge.amount_fen // 100}.{charge.amount_fen % 100:02d}元"
        return Problem("fee_unpaid", f"该办件尚未缴费(应缴{amount}),缴清后才能出件。", "action")
    return None


# The same rule as a filter: the hand-out queue lists the cases that can be handed out now.
# Subqueries rather than joins (see on_platform); the charge is reached through the case's own
# reverse accessor, so the core still does not import the fees app.
def _charge(**lookups) -> Exists:
    return Exists(Case.objects.filter(pk=OuterRef("pk"), **{f"charge__{k}": v for k, v in lookups.items()}))


FEE_SETTLED = (
    Q(decision=Case.Decision.DENIED)
    | Q(_charge(status__in=["paid", "exempt", "refunded", "cancelled"]))
    | (
        ~Q(_charge(isnull=False))
        & ~Q(Exists(Fee.objects.filter(version_id=OuterRef("item_version_id"), amount_fen__isnull=False)))
    )
)
