"""The case core, once: every step a case (办件) can take, in one table, and the one entry
point that takes it (docs/decisions/0020-one-table-of-steps.md).

A row is (state, action) → target state, the roles allowed, where those roles must be held
(`Where`), and the action's input, service function, event and description. Everything that
offers, accepts, routes, documents or labels a case action reads this table: the workbench's
forms and the API's endpoints and OpenAPI (cases.api.actions), the queues (selectors.queue),
the timeline's and the progress page's Chinese labels, docs/workflow.md (workflow_doc.py,
`yichuang show_workflow`). Adding a step is adding a row (and, for a new action, its `Act`).

`perform(case, actor, action, data)` is the only way a step is taken. It locks the case, finds
the row for the case's state, checks the actor once (roles at the row's sites, and the action's
guard), moves the state and the clock, runs the service function, and writes the hash-chained
audit record and the outbox event, all in one transaction: a refused step changes nothing and
writes no audit record. `gate` is the same check without the lock, and `offered` is `gate`
asked of every action: what a page or the API offers is by construction what perform accepts
(tests/property/test_offered_is_accepted.py holds them to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.db import transaction
from django.db.models import Q
from rest_framework import serializers as drf

from yichuang.common import fastsql
from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.ledger.events import Event

from . import guards
from . import inputs as inp
from .models import Case
from .services import common, online, outcomes, review, revocation, timers
from .services import transitions as tr
from .where import escalation_of, roles_counting, waiting_for, window_queue, window_site_ids  # noqa: F401  (callers ask the table's module for them)
from .workflow import BEFORE_DECISION, Action, Role, State, Where

A, S, R, W = Action, State, Role, Where


# ---------------------------------------------------------------- the table


@dataclass(frozen=True)
class Act:
    """What an action is in every state: its input, service function, event and words."""

    action: Action
    input: type[drf.Serializer]
    run: Callable[..., common.Outcome]
    event: Event
    description: str
    guard: Callable[[Case], Problem | None] | None = None
    progress: str = ""  # the applicant's progress page's word for it, when not the label
    # Whether a case in the row's state waits in the queue of those who may take the step: a
    # step that moves the case on does; one taken when someone asks (撤回, 终止, 延期 …) does not.
    to_do: bool = True
    # The guard as a filter, for the queues: the cases of the row's state where it holds.
    pending: Q | None = None

    @property
    def label(self) -> str:
        return self.action.label

    @property
    def slug(self) -> str:
        return self.action.value.replace("_", "-")


@dataclass(frozen=True)
class Step:
    source: State
    act: Act
    target: State
    roles: frozenset[Role]
    where: Where

    @property
    def action(self) -> Action:
        return self.act.action


ACTS: dict[Action, Act] = {
    act.action: act
    for act in [
        Act(
            A.TAKE,
            inp.Nothing,
            online.take,
            Event.CASE_TAKEN,
            "预审网上申请:第一位预审的受理人员成为首问责任人。",
            guard=guards.unowned_online,
            progress="窗口预审",
            pending=Q(channel=Case.Channel.ONLINE, owner__isnull=True),
        ),
        Act(
            A.ACCEPT,
            inp.Nothing,
            tr.accept,
            Event.CASE_ACCEPTED,
            "材料齐全且符合受理条件时受理,按归属地工作日开始计时。",
        ),
        Act(
            A.REQUEST_SUPPLEMENT,
            inp.NoticeLines,
            tr.request_supplement,
            Event.CASE_SUPPLEMENT_REQUESTED,
            "一份告知书列出全部缺少或不符合要求的材料及原因;已收取的材料不得再次要求。计时暂停(受理后)。"
            "预审时由受理窗口出具;审查中只能由审批该办件的部门(通办地审批时为通办地)的审批人员出具。",
        ),
        Act(A.SUPPLEMENT, inp.Supplied, tr.supplement, Event.CASE_SUPPLEMENTED, "申请人补齐告知书所列全部材料。"),
        Act(
            A.REFUSE_INTAKE,
            inp.ReasonBasis,
            outcomes.refuse_intake,
            Event.CASE_INTAKE_REFUSED,
            "退回件:不予受理,须写明理由和法律依据。",
        ),
        Act(
            A.DECIDE_INSTANTLY,
            inp.Opinion,
            outcomes.decide_instantly,
            Event.CASE_DECIDED_INSTANTLY,
            "即办件:窗口当场办结(仅即办事项)。",
            guard=guards.instant_item,
            pending=guards.INSTANT,
        ),
        Act(
            A.START_REVIEW,
            inp.Nothing,
            tr.start_review,
            Event.CASE_REVIEW_STARTED,
            "事项实施部门的审批人员开始审查(后台分类审批)。",
            progress="审查",
        ),
        Act(
            A.DISPATCH_JOINT,
            inp.Departments,
            review.dispatch_joint,
            Event.CASE_JOINT_DISPATCHED,
            "联办件:分送两个及以上部门并行办理,全部办结后由系统决定(全部同意则准予,任一部门不同意则不予许可)。"
            "部门须为继续办理该办件的中心(帮办代办件为乡镇中心)的进驻部门,否则返回400 department_not_reachable。",
            to_do=False,
        ),
        Act(
            A.ANSWER_JOINT_TASK,
            inp.JointAnswer,
            review.answer_joint_task,
            Event.CASE_JOINT_TASK_ANSWERED,
            "联办任务所属部门的审批人员作出同意或不同意(不同意须写明理由);最后一个部门办理后办件自动决定。",
        ),
        Act(
            A.ESCALATE,
            inp.Escalation,
            outcomes.escalate,
            Event.CASE_ESCALATED,
            "上报件:报送本中心所属的县级中心,指定本中心跟踪责任人(全程代理);默认报送上级县级中心、由本人跟踪。"
            "事项的委托部门在县级中心时,由县级中心在本平台办理。",
            guard=guards.decided_here,
            to_do=False,
        ),
        Act(
            A.RECORD_ESCALATION_PROGRESS,
            inp.EscalationProgress,
            outcomes.record_escalation_progress,
            Event.CASE_ESCALATION_SYNCED,
            "登记不在本平台办理的上级中心的最新进度(受理编号、办理情况),办件仍为“已上报”。",
            guard=guards.county_off_platform,
            to_do=False,
        ),
        Act(
            A.RECORD_ESCALATION_RESULT,
            inp.EscalationResult,
            outcomes.record_escalation_result,
            Event.CASE_ESCALATION_DECIDED,
            "登记不在本平台办理的上级中心的审批结果:办件进入“已决定”,回到本窗口出件。",
            guard=guards.county_off_platform,
            progress="上级作出决定",
            pending=guards.county_off_platform_pending(),
        ),
        Act(
            A.COUNTY_ACCEPT,
            inp.Nothing,
            outcomes.county_accept,
            Event.CASE_ESCALATION_ACCEPTED,
            "县级中心窗口或事项委托部门的审批人员受理上报件,按县级中心的工作日开始计算上级办理时限。",
            guard=guards.county_at("sent"),
            progress="县级中心受理",
            pending=guards.on_platform("sent"),
        ),
        Act(
            A.COUNTY_START_REVIEW,
            inp.Nothing,
            outcomes.county_start_review,
            Event.CASE_ESCALATION_REVIEW_STARTED,
            "事项委托部门(县级)的审批人员开始审查上报件。",
            guard=guards.county_at("accepted"),
            progress="县级部门审查",
            pending=guards.on_platform("accepted"),
        ),
        Act(
            A.COUNTY_APPROVE,
            inp.Opinion,
            outcomes.county_approve,
            Event.CASE_ESCALATION_DECIDED,
            "县级部门作出准予决定:办件进入“已决定”,回到受理地窗口出件。",
            guard=guards.county_at("in_review"),
            progress="县级部门作出准予决定",
            pending=guards.on_platform("in_review"),
        ),
        Act(
            A.COUNTY_DENY,
            inp.ReasonBasis,
            outcomes.county_deny,
            Event.CASE_ESCALATION_DECIDED,
            "县级部门作出不予决定,须写明理由和法律依据:办件进入“已决定”,回到受理地窗口出件。",
            guard=guards.county_at("in_review"),
            progress="县级部门作出不予决定",
            pending=guards.on_platform("in_review"),
        ),
        Act(
            A.START_SPECIAL,
            inp.SpecialStart,
            review.start_special,
            Event.CASE_SPECIAL_STARTED,
            "现场勘验、听证、检测、专家评审等(须为事项所列),计时暂停。",
            guard=guards.lists_special,
            progress="特别程序",
        ),
        Act(
            A.END_SPECIAL,
            inp.SpecialEnd,
            review.end_special,
            Event.CASE_SPECIAL_ENDED,
            "特别程序结束,恢复计时,办结日期顺延暂停的工作日。",
            progress="特别程序结束",
        ),
        Act(
            A.EXTEND,
            inp.Extension,
            review.extend,
            Event.CASE_EXTENDED,
            "中心负责人批准延期,不得超过法定办结时限。",
            to_do=False,
        ),
        Act(
            A.APPROVE,
            inp.Opinion,
            tr.approve,
            Event.CASE_APPROVED,
            "事项实施部门的审批人员作出准予决定。联办件不能直接准予:全部联办部门办理后由系统决定(joint_tasks_pending)。",
            guard=guards.no_open_joint_tasks,
            progress="作出准予决定",
        ),
        Act(
            A.DENY,
            inp.ReasonBasis,
            tr.deny,
            Event.CASE_DENIED,
            "退回件:不予许可,须写明理由和法律依据。联办件不能直接不予:由联办部门办理(joint_tasks_pending)。",
            guard=guards.no_open_joint_tasks,
            progress="作出不予许可决定",
        ),
        Act(
            A.SUPPLY_DEFERRED,
            inp.DeferredSupplied,
            review.supply_deferred,
            Event.CASE_DEFERRED_SUPPLIED,
            "收取容缺受理时承诺后补的材料。",
            guard=guards.has_deferred,
            to_do=False,
        ),
        Act(
            A.PREPARE_DELIVERY,
            inp.Nothing,
            review.prepare_delivery,
            Event.CASE_DELIVERY_PREPARED,
            "决定后制证(产生电子证照的事项签发入库);容缺材料须已补齐。",
        ),
        Act(
            A.DELIVER,
            inp.Handover,
            review.deliver,
            Event.CASE_DELIVERED,
            "统一窗口出件:窗口领取、邮政快递(须快递单号)或电子送达。收费事项须缴清费用(fee_unpaid)。",
            guard=guards.fee_settled,
            progress="送达办结",
            pending=guards.FEE_SETTLED,
        ),
        Act(A.WITHDRAW, inp.Reason, outcomes.withdraw, Event.CASE_WITHDRAWN, "决定前申请人撤回申请。", to_do=False),
        Act(
            A.TERMINATE,
            inp.ReasonBasis,
            outcomes.terminate,
            Event.CASE_TERMINATED,
            "中心负责人终止办理,须写明理由和依据。",
            to_do=False,
        ),
        Act(
            A.SUPPLEMENT_TIMEOUT,
            inp.Nothing,
            timers.supplement_timeout,
            Event.CASE_SUPPLEMENT_TIMED_OUT,
            '补正期满:申请人未在告知书所定期限(归属地工作日,YICHUANG["SUPPLEMENT_DAYS"])内补齐材料,系统终止办理并出具'
            "补正期满终止办理告知书(`yichuang run_time_rules`)。审查中补正逾期不由系统终止:预警中心负责人。",
            guard=timers.supplement_overdue,
            progress="补正期满终止办理",
        ),
        Act(
            A.REVOKE_DECISION,
            inp.ReasonBasis,
            revocation.revoke,
            Event.CASE_REVOKED,
            "告知承诺不实(R-13):事后核查认定申请人的告知承诺不实后,事项实施部门的审批人员撤销准予决定,须写明理由和法律依据;"
            "本办件签发的电子证照一并撤销。只能由事后核查的结果发起(no_false_commitment)。",
            guard=revocation.false_commitment_found,
            progress="撤销准予决定",
            to_do=False,
        ),
    ]
}

# Events a case records that no step emits: the case's first record, and the system's own
# conclusion of a joint case. Their labels complete the timeline's words.
OTHER_EVENTS = {
    Event.CASE_RECEIVED: ("收件", "提交申请"),
    Event.CASE_JOINT_COMPLETED: ("联办办结", "联办办结"),
    Event.CASE_DEEMED_ACCEPTED: ("预审逾期,视为受理", "视为受理"),
}


def _rows() -> list[Step]:
    def row(source, action, target, roles, where):
        return Step(source, ACTS[action], target, frozenset(roles), where)

    clerk, applicant_side = {R.CLERK}, {R.CLERK, R.HELPER, R.APPLICANT}
    deferred_states = (S.ACCEPTED, S.IN_REVIEW, S.SPECIAL_PROCEDURE, S.REVIEW_SUPPLEMENT, S.ESCALATED, S.DECIDED)
    return [
        row(S.PREREVIEW, A.TAKE, S.PREREVIEW, clerk, W.WINDOW),
        row(S.PREREVIEW, A.ACCEPT, S.ACCEPTED, clerk, W.WINDOW),
        row(S.PREREVIEW, A.REQUEST_SUPPLEMENT, S.AWAITING_SUPPLEMENT, clerk, W.WINDOW),
        row(S.PREREVIEW, A.REFUSE_INTAKE, S.TERMINATED, clerk, W.WINDOW),
        row(S.AWAITING_SUPPLEMENT, A.SUPPLEMENT, S.PREREVIEW, applicant_side, W.WINDOW),
        row(S.ACCEPTED, A.DECIDE_INSTANTLY, S.DECIDED, clerk, W.WINDOW),
        row(S.ACCEPTED, A.START_REVIEW, S.IN_REVIEW, {R.APPROVER, R.SYSTEM}, W.REVIEW),
        row(S.ACCEPTED, A.DISPATCH_JOINT, S.IN_REVIEW, clerk, W.WINDOW),
        row(S.ACCEPTED, A.ESCALATE, S.ESCALATED, clerk, W.WINDOW),
        row(S.ESCALATED, A.RECORD_ESCALATION_PROGRESS, S.ESCALATED, {R.CLERK, R.HEAD, R.SYSTEM}, W.WINDOW),
        row(S.ESCALATED, A.RECORD_ESCALATION_RESULT, S.DECIDED, {R.CLERK, R.SYSTEM}, W.WINDOW),
        # The county centre the case went to works it on the platform, on its own calendar.
        row(S.ESCALATED, A.COUNTY_ACCEPT, S.ESCALATED, {R.CLERK, R.APPROVER}, W.ESCALATED_TO),
        row(S.ESCALATED, A.COUNTY_START_REVIEW, S.ESCALATED, {R.APPROVER}, W.COUNTY_REVIEW),
        row(S.ESCALATED, A.COUNTY_APPROVE, S.DECIDED, {R.APPROVER}, W.COUNTY_REVIEW),
        row(S.ESCALATED, A.COUNTY_DENY, S.DECIDED, {R.APPROVER}, W.COUNTY_REVIEW),
        # Review finds a wrong material: the clock stops until it is supplied, then review resumes.
        row(S.IN_REVIEW, A.REQUEST_SUPPLEMENT, S.REVIEW_SUPPLEMENT, {R.APPROVER}, W.REVIEW),
        row(S.REVIEW_SUPPLEMENT, A.SUPPLEMENT, S.IN_REVIEW, applicant_side, W.WINDOW),
        row(S.IN_REVIEW, A.ANSWER_JOINT_TASK, S.IN_REVIEW, {R.APPROVER}, W.JOINT),
        row(S.IN_REVIEW, A.START_SPECIAL, S.SPECIAL_PROCEDURE, {R.APPROVER}, W.REVIEW),
        row(S.SPECIAL_PROCEDURE, A.END_SPECIAL, S.IN_REVIEW, {R.APPROVER}, W.REVIEW),
        row(S.IN_REVIEW, A.EXTEND, S.IN_REVIEW, {R.HEAD}, W.HOME),
        # SYSTEM concludes a joint case (联办件) when the last department has answered.
        row(S.IN_REVIEW, A.APPROVE, S.DECIDED, {R.APPROVER, R.SYSTEM}, W.REVIEW),
        row(S.IN_REVIEW, A.DENY, S.DECIDED, {R.APPROVER, R.SYSTEM}, W.REVIEW),
        *[row(s, A.SUPPLY_DEFERRED, s, {R.CLERK, R.HELPER}, W.WINDOW) for s in deferred_states],
        row(S.DECIDED, A.PREPARE_DELIVERY, S.AWAITING_DELIVERY, {R.CLERK, R.SYSTEM}, W.WINDOW),
        row(S.AWAITING_DELIVERY, A.DELIVER, S.COMPLETED, clerk, W.WINDOW),
        *[row(s, A.WITHDRAW, S.WITHDRAWN, applicant_side, W.WINDOW) for s in BEFORE_DECISION],
        *[row(s, A.TERMINATE, S.TERMINATED, {R.HEAD}, W.EITHER) for s in BEFORE_DECISION],
        # 补正 not supplied in time ends an application not yet accepted (run_time_rules). An
        # accepted one (审查中补正) is not ended by the system: it gets an alert (decision 0022).
        row(S.AWAITING_SUPPLEMENT, A.SUPPLEMENT_TIMEOUT, S.TERMINATED, {R.SYSTEM}, W.WINDOW),
        # 告知承诺不实: a granted decision is revoked, also after 办结 (行政许可法第六十九条) — the
        # one way out of a final state.
        *[
            row(s, A.REVOKE_DECISION, S.REVOKED, {R.APPROVER}, W.REVIEW)
            for s in (S.DECIDED, S.AWAITING_DELIVERY, S.COMPLETED)
        ],
    ]


STEPS: dict[tuple[State, Action], Step] = {(s.source, s.action): s for s in _rows()}


# ---------------------------------------------------------------- checking and taking a step


def _not_in_table(state: State, action: Action) -> DomainError:
    allowed = "、".join(a.label for (s, a) in STEPS if s == state) or "无(办件已结束)"
    return DomainError(
        Problem(
            "transition_not_allowed",
            f"办件处于“{state.label}”状态,不能“{action.label}”。此状态下可以:{allowed}。",
            "action",
        )
    )


def step_for(state: str, action: str) -> Step:
    """The row for `action` in `state`, or the table's refusal naming what this state allows."""
    state, action = State(state), as_action(action)
    found = STEPS.get((state, action))
    if found is None:
        raise _not_in_table(state, action)
    return found


def as_action(action: str) -> Action:
    """The table's own key for `action` (an Action, or a string naming one)."""
    found = next((a for a in ACTS if a == action), None)
    if found is None:
        raise DomainError(Problem("unknown_action", f"没有“{str(action)[:40]}”这项办件操作。", "action"))
    return found


def gate(case: Case, actor, action: str) -> Step:
    """The step `actor` may take on `case` now, or the refusal: not in this state
    (transition_not_allowed), not this person here (role_not_allowed), or not for this case
    (the action's guard: joint_tasks_pending, not_instant …)."""
    found = step_for(case.state, action)
    if not found.roles & roles_counting(found.where, case, actor):
        who = "、".join(r.label for r in Role if r in found.roles)
        raise NotAllowed(
            Problem("role_not_allowed", f"“{found.act.label}”只能由{W(found.where).label}的{who}办理。", "actor")
        )
    problem = found.act.guard(case) if found.act.guard else None
    if problem is not None:
        raise DomainError(problem)
    return found


def offered(case: Case, actor) -> list[Action]:
    """Every action `gate` lets this actor take on the case now: what a page or the API offers."""
    out = []
    for state, action in STEPS:
        if state != case.state:
            continue
        try:
            gate(case, actor, action)
        except (DomainError, NotAllowed):
            continue
        out.append(action)
    return out


def validated(action: str, data) -> dict:
    """The input of `action` checked by its serializer (a DRF ValidationError if wrong)."""
    serializer = ACTS[as_action(action)].input(data=data if data is not None else {})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def perform(case: Case, actor, action: str, data: dict | None = None, *, locked: bool = False):
    """Take one step: lock, find the row, check the actor, move, run, audit, emit. `data` is the
    action's input as its serializer validated it. Returns what the service made (the notice,
    the delivery …), or the case. `locked`: the caller has just locked this very row in the
    current transaction (selectors.lock_visible_case) — one read fewer, same lock — and that
    transaction is the step's: a refusal rolls it back whole, so no savepoint is taken."""
    with transaction.atomic(savepoint=not locked):
        case = case if locked else common.locked(case)
        actor = common.with_roles(actor)
        found = gate(case, actor, action)
        common.move(case, found.target)
        outcome = found.act.run(case, actor, **(data or {}))
        fastsql.update(case)  # case.save() without composing the statement anew (issue 14 §5)
        common.audit(case, found.act.event, actor, step=found.action.value, **outcome.facts)
        for event, who, facts in outcome.then:
            common.audit(case, event, who, **facts)
    return outcome.result if outcome.result is not None else case


def advance(case: Case, action: Action) -> Step:
    """The system's own move inside another step (the last 联办 answer decides the case): the
    same table, with the SYSTEM role; the caller audits it."""
    found = step_for(case.state, action)
    if Role.SYSTEM not in found.roles:
        raise NotAllowed(Problem("role_not_allowed", f"“{found.act.label}”不能由系统办理。", "actor"))
    common.move(case, found.target)
    return found


# ---------------------------------------------------------------- what is read from the table


def queue_condition(roles, where: Where | None = None) -> Q:
    """The cases waiting for a step some of these StaffRoles may take (the workbench's and the
    API's to-do list), read from the table (where.waiting_for); with `where`, one desk's part."""
    return waiting_for(STEPS.values(), roles, where)


def desks(role: str) -> dict[Where, list[State]]:
    """Where a role's to-do steps are checked, and the states waiting there, in the table's
    order: the queues of one StaffRole on the workbench home."""
    out: dict[Where, list[State]] = {}
    for step in STEPS.values():
        if role in step.roles and step.act.to_do and step.source not in out.get(step.where, []):
            out.setdefault(step.where, []).append(step.source)
    return out
