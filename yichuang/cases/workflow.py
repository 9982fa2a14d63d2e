"""The words of a case's workflow: its states, actions and roles, and where roles are held.
The table that joins them (state × action → state, roles, where, input, service, event) is
`cases.steps`; every write goes through `cases.steps.perform` (architecture invariant 1).

The five kinds of seed 001 are paths through this table:
- 即办件: intake → accept → decide_instantly → prepare_delivery → deliver
- 补办件: intake → request_supplement → supplement → accept → …
- 上报件: accepted → escalate → the county centre's clerk (or the deciding department's approver)
  county_accept → that department's approver county_start_review → county_approve / county_deny → decided, back at the township's window (a
  county outside the platform: the township records its result, record_escalation_result)
- 联办件: accepted → dispatch_joint (parallel tasks) → the system approves or denies when the last
  department answers (any denial denies); nobody approves or denies it by hand (joint_tasks_pending)
- 退回件: intake → refuse_intake (不予受理), or in_review → deny (不予许可)
"""

from __future__ import annotations

from django.db import models


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
    REVOKED = "revoked", "已撤销"


class Action(models.TextChoices):
    TAKE = "take", "预审认领"
    ACCEPT = "accept", "受理"
    REQUEST_SUPPLEMENT = "request_supplement", "一次性告知补正"
    SUPPLEMENT = "supplement", "补正材料"
    REFUSE_INTAKE = "refuse_intake", "不予受理"
    DECIDE_INSTANTLY = "decide_instantly", "即办办结"
    START_REVIEW = "start_review", "开始审查"
    DISPATCH_JOINT = "dispatch_joint", "分送联办"
    ANSWER_JOINT_TASK = "answer_joint_task", "联办部门答复"
    ESCALATE = "escalate", "上报"
    RECORD_ESCALATION_PROGRESS = "record_escalation_progress", "登记上级进度"
    RECORD_ESCALATION_RESULT = "record_escalation_result", "登记上级审批结果"
    COUNTY_ACCEPT = "county_accept", "县级受理上报件"
    COUNTY_START_REVIEW = "county_start_review", "县级审查"
    COUNTY_APPROVE = "county_approve", "县级准予"
    COUNTY_DENY = "county_deny", "县级不予"
    START_SPECIAL = "start_special", "启动特别程序"
    END_SPECIAL = "end_special", "结束特别程序"
    EXTEND = "extend", "延期"
    APPROVE = "approve", "准予"
    DENY = "deny", "不予许可"
    SUPPLY_DEFERRED = "supply_deferred", "收取容缺后补材料"
    PREPARE_DELIVERY = "prepare_delivery", "制证待送达"
    DELIVER = "deliver", "送达"
    WITHDRAW = "withdraw", "撤回申请"
    TERMINATE = "terminate", "终止办理"
    SUPPLEMENT_TIMEOUT = "supplement_timeout", "补正期满终止"
    REVOKE_DECISION = "revoke_decision", "撤销准予决定"


class Role(models.TextChoices):
    """Who acts. Staff roles mirror org.StaffRole.Role; APPLICANT and SYSTEM are not staff."""

    CLERK = "clerk", "受理"
    APPROVER = "approver", "审批"
    HEAD = "head", "中心负责人"
    HELPER = "helper", "帮办代办员"
    APPLICANT = "applicant", "申请人"
    SYSTEM = "system", "系统"


class Where(models.TextChoices):
    """Which of the case's sites the actor's roles must be held at (the table's "where" column)."""

    WINDOW = "window", "受理窗口(帮办代办件含继续办理的乡镇中心)"
    REVIEW = "review", "归属地的事项实施部门(通办地审批时为通办地)"
    HOME = "home", "归属地"
    EITHER = "either", "受理地或归属地"
    JOINT = "joint", "有待答复联办任务的部门"
    ESCALATED_TO = "escalated_to", "上报至的县级中心(审批人员须在事项的委托部门)"
    COUNTY_REVIEW = "county_review", "上报至的县级中心的审批部门(事项的委托部门)"


S = State
FINAL_STATES = frozenset({S.COMPLETED, S.WITHDRAWN, S.TERMINATED, S.REVOKED})
CLOCK_RUNNING = frozenset({S.ACCEPTED, S.IN_REVIEW, S.ESCALATED})
CLOCK_STOPPED = frozenset({S.AWAITING_SUPPLEMENT, S.REVIEW_SUPPLEMENT, S.SPECIAL_PROCEDURE})
BEFORE_DECISION = (
    S.PREREVIEW,
    S.AWAITING_SUPPLEMENT,
    S.ACCEPTED,
    S.IN_REVIEW,
    S.SPECIAL_PROCEDURE,
    S.REVIEW_SUPPLEMENT,
    S.ESCALATED,
)
