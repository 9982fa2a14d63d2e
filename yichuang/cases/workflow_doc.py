"""docs/workflow.md, written from the table of steps (`yichuang show_workflow > docs/workflow.md`;
a test fails when the page and the table differ)."""

from __future__ import annotations

from .steps import ACTS, STEPS
from .workflow import Role
from .workflow import Where as W


def workflow_markdown() -> str:
    """docs/workflow.md's table, from the table (`yichuang show_workflow` prints the whole page)."""
    lines = ["| 当前状态 | 动作 | 新状态 | 可办理角色 | 角色所在站点 | 输入 | 事件 |", "|---|---|---|---|---|---|---|"]
    for step in STEPS.values():
        who = "、".join(r.label for r in Role if r in step.roles)
        fields = "、".join(f"`{name}`" for name in step.act.input().fields) or "—"
        lines.append(
            f"| {step.source.label} `{step.source.value}` | {step.act.label} `{step.action.value}` | "
            f"{step.target.label} `{step.target.value}` | {who} | {W(step.where).label} | {fields} | "
            f"`{step.act.event.value}` |"
        )
    return "\n".join(lines)


_PAGE_HEAD = (
    """# Case workflow (办件流转)

Generated from the table of steps in `yichuang/cases/steps.py` by `yichuang show_workflow`
(a test fails when this page and the table differ). Every step is taken by
`steps.perform(case, actor, action, data)`: a pair not listed is refused with
`transition_not_allowed`, a role not listed or held at another site with `role_not_allowed`,
and an action whose guard does not hold with the guard's code (`joint_tasks_pending`,
`not_instant` …). The workbench offers and the API's `actions` list exactly the steps that
would be accepted.

The clock stops in 待补正, 审查中补正 and 特别程序; the due date then moves by exactly the
working days it stood still (`cases/services/common.py: resume_clock`).

The five kinds of seed 001 as paths:
- 即办件: 受理 → 即办办结 → 制证待送达 → 送达
- 补办件: 一次性告知补正 → 补正材料 → 受理 → …
- 上报件: 受理 → 上报 (named tracker) → 县级受理上报件 (the county centre's window or the deciding department's approver; the county's own working days) → 县级审查 → 县级准予/县级不予 (the approver of the item's 委托部门 at the county) → 制证待送达 → 送达 at the township; for a county outside the platform (no such department there), the township records 登记上级进度 … → 登记上级审批结果 instead

A decided case waits for nobody: the outbox relay's consumer `cases.prepare_delivery` takes 制证待送达 as the system once the decision is announced (unless 容缺 material is outstanding), so the case is in its window's 待送达 queue. The queues are read from this table: a row whose action moves the case on (not 撤回, 终止, 延期, 分送联办, 上报, 登记上级进度, 收取容缺后补材料) puts its state in the queue of its roles at the sites its "where" names.
- 联办件: 受理 → 分送联办 (one task per department, only departments stationed at the centre continuing the case) → 联办部门答复 … → 准予/不予 by the system when all answered; one department's 不予 denies the case; a manual 准予/不予 while a task is open is refused (`joint_tasks_pending`)
- 退回件: 不予受理 at intake, or 不予许可 after review (reason and legal basis required)

Where the roles are held:
"""
    + "\n".join(f"- `{w.value}`: {w.label}" for w in W)
    + "\n\n## Steps\n\n"
)


def workflow_page() -> str:
    """The whole of docs/workflow.md."""
    actions = ["", "", "## Actions", "", "| 动作 | API | 说明 | 事件 |", "|---|---|---|---|"]
    for act in ACTS.values():
        guard = f" 条件:`{act.guard.__name__.lstrip('_')}`。" if act.guard else ""
        actions.append(
            f"| {act.label} `{act.action.value}` | `POST /api/v1/cases/{{number}}/{act.slug}/` | "
            f"{act.description}{guard} | `{act.event.value}` |"
        )
    return _PAGE_HEAD + workflow_markdown() + "\n".join(actions) + "\n"
