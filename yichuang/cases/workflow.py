"""The one explicit transition table of a case (办件): state × action → state, with the roles
allowed to take the action. Services look a transition up here and nowhere else; a pair
that is not in the table is refused with a clear error (architecture invariant 1).

The five kinds of seed 001 are paths through this table:
- 即办件: intake → accept → decide_instantly → prepare_delivery → deliver
- 补办件: intake → request_supplement → supplement → accept → …
- 上报件: accepted → escalate → (county decides) → record_escalation_result → …
- 联办件: accepted → dispatch_joint (parallel tasks) → the system approves or denies when the last
  department answers (any denial denies); nobody approves or denies it by hand (joint_tasks_pending)
- 退回件: intake → refuse_intake (不予受理), or in_review → deny (不予许可)
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from yichuang.common.errors import DomainError, NotAllowed, Problem


class State(models.TextChoices):
    PREREVIEW = "prereview", "预审"
    AWAITING_SUPPLEMENT = "awaiting_supplement", "待补正"
    ACCEPTED = "accepted", "已受理"
    IN_REVIEW = "in_review", "审查中"
    SPECIAL_PROCEDURE = "special_procedure", "特别程序"
    REVIEW_SUPPLEMENT = "review_supplement", "审查中补正"
    ESCALATED = "escalated", "已上报"
    DECIDED = "decided", "已决定"
    AWAITING_DELIVERY = "awaiting_delivery", "待送达"
    COMPLETED = "completed", "已办结"
    WITHDRAWN = "withdrawn", "已撤回"
    TERMINATED = "terminated", "已终止"


class Action(models.TextChoices):
    ACCEPT = "accept", "受理"
    REQUEST_SUPPLEMENT = "request_supplement", "一次性告知补正"
    SUPPLEMENT = "supplement", "补正材料"
    SUPPLEMENT_TIMEOUT = "supplement_timeout", "补正超时驳回"
    REFUSE_INTAKE = "refuse_intake", "不予受理"
    DECIDE_INSTANTLY = "decide_instantly", "即办办结"
    START_REVIEW = "start_review", "开始审查"
    DISPATCH_JOINT = "dispatch_joint", "分送联办"
    ESCALATE = "escalate", "上报"
    RECORD_ESCALATION_RESULT = "record_escalation_result", "登记上级审批结果"
    START_SPECIAL = "start_special", "启动特别程序"
    END_SPECIAL = "end_special", "结束特别程序"
    EXTEND = "extend", "延期"
    APPROVE = "approve", "准予"
    DENY = "deny", "不予许可"
    PREPARE_DELIVERY = "prepare_delivery", "制证待送达"
    DELIVER = "deliver", "送达"
    WITHDRAW = "withdraw", "撤回申请"
    TERMINATE = "terminate", "终止办理"


class Role(models.TextChoices):
    """Who acts. Staff roles mirror org.StaffRole.Role; APPLICANT and SYSTEM are not staff."""

    CLERK = "clerk", "受理"
    APPROVER = "approver", "审批"
    HEAD = "head", "中心负责人"
    HELPER = "helper", "帮办代办员"
    APPLICANT = "applicant", "申请人"
    SYSTEM = "system", "系统"


S, A, R = State, Action, Role
FINAL_STATES = frozenset({S.COMPLETED, S.WITHDRAWN, S.TERMINATED})
CLOCK_RUNNING = frozenset({S.ACCEPTED, S.IN_REVIEW, S.ESCALATED})
CLOCK_STOPPED = frozenset({S.AWAITING_SUPPLEMENT, S.REVIEW_SUPPLEMENT, S.SPECIAL_PROCEDURE})

_before_decision = (S.PREREVIEW, S.AWAITING_SUPPLEMENT, S.ACCEPTED, S.IN_REVIEW, S.SPECIAL_PROCEDURE,
                    S.REVIEW_SUPPLEMENT, S.ESCALATED)

TRANSITIONS: dict[tuple[State, Action], tuple[State, frozenset[Role]]] = {
    (S.PREREVIEW, A.ACCEPT): (S.ACCEPTED, frozenset({R.CLERK})),
    (S.PREREVIEW, A.REQUEST_SUPPLEMENT): (S.AWAITING_SUPPLEMENT, frozenset({R.CLERK})),
    (S.PREREVIEW, A.REFUSE_INTAKE): (S.TERMINATED, frozenset({R.CLERK})),
    (S.AWAITING_SUPPLEMENT, A.SUPPLEMENT): (S.PREREVIEW, frozenset({R.CLERK, R.HELPER, R.APPLICANT})),
    (S.AWAITING_SUPPLEMENT, A.SUPPLEMENT_TIMEOUT): (S.TERMINATED, frozenset({R.SYSTEM})),
    (S.ACCEPTED, A.DECIDE_INSTANTLY): (S.DECIDED, frozenset({R.CLERK})),
    (S.ACCEPTED, A.START_REVIEW): (S.IN_REVIEW, frozenset({R.APPROVER, R.SYSTEM})),
    (S.ACCEPTED, A.DISPATCH_JOINT): (S.IN_REVIEW, frozenset({R.CLERK})),
    (S.ACCEPTED, A.ESCALATE): (S.ESCALATED, frozenset({R.CLERK})),
    (S.ESCALATED, A.RECORD_ESCALATION_RESULT): (S.DECIDED, frozenset({R.CLERK, R.SYSTEM})),
    # Review finds a wrong material: the clock stops until it is supplied, then review resumes.
    (S.IN_REVIEW, A.REQUEST_SUPPLEMENT): (S.REVIEW_SUPPLEMENT, frozenset({R.APPROVER})),
    (S.REVIEW_SUPPLEMENT, A.SUPPLEMENT): (S.IN_REVIEW, frozenset({R.CLERK, R.HELPER, R.APPLICANT})),
    (S.IN_REVIEW, A.START_SPECIAL): (S.SPECIAL_PROCEDURE, frozenset({R.APPROVER})),
    (S.SPECIAL_PROCEDURE, A.END_SPECIAL): (S.IN_REVIEW, frozenset({R.APPROVER})),
    (S.IN_REVIEW, A.EXTEND): (S.IN_REVIEW, frozenset({R.HEAD})),
    # SYSTEM concludes a joint case (联办件) when the last department has answered.
    (S.IN_REVIEW, A.APPROVE): (S.DECIDED, frozenset({R.APPROVER, R.SYSTEM})),
    (S.IN_REVIEW, A.DENY): (S.DECIDED, frozenset({R.APPROVER, R.SYSTEM})),
    (S.DECIDED, A.PREPARE_DELIVERY): (S.AWAITING_DELIVERY, frozenset({R.CLERK, R.SYSTEM})),
    (S.AWAITING_DELIVERY, A.DELIVER): (S.COMPLETED, frozenset({R.CLERK})),
    **{(state, A.WITHDRAW): (S.WITHDRAWN, frozenset({R.CLERK, R.HELPER, R.APPLICANT})) for state in _before_decision},
    **{(state, A.TERMINATE): (S.TERMINATED, frozenset({R.HEAD})) for state in _before_decision},
}


@dataclass(frozen=True)
class Transition:
    source: State
    action: Action
    target: State


def transition(state: str, action: str, roles: set[str]) -> Transition:
    """The transition for `action` in `state` by someone holding `roles`, or a refusal."""
    state, action = State(state), Action(action)
    entry = TRANSITIONS.get((state, action))
    if entry is None:
        allowed = "、".join(a.label for (s, a) in TRANSITIONS if s == state) or "无(办件已结束)"
        raise DomainError(Problem("transition_not_allowed",
                                  f"办件处于“{state.label}”状态,不能“{action.label}”。此状态下可以:{allowed}。", "action"))
    target, allowed_roles = entry
    if not allowed_roles & set(roles):
        who = "、".join(r.label for r in Role if r in allowed_roles)
        raise NotAllowed(Problem("role_not_allowed", f"“{action.label}”只能由{who}办理。", "action"))
    return Transition(state, action, target)


def actions_available(state: str, roles: set[str]) -> list[Action]:
    """What the workbench offers: the actions this person may take now."""
    return [a for (s, a), (_, allowed) in TRANSITIONS.items() if s == state and allowed & set(roles)]
