"""Targets of seed 002 (新乡 审批服务便民化 实施方案), as data: shown against the actuals on the
scorecards (R-54). Only what the seed states is encoded; a target without a number is shown as
its direction ("提高") with no pass/fail."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    metric: str  # a derived figure of scorecards.RATES
    value: float | None  # None: a direction only
    label: str
    source: str  # the seed's words


TARGETS = (
    Target("online_share", 0.70, "网上可办率 ≥ 70%", "9月底前,区级审批服务事项网上可办率达到70%。"),
    Target("reuse_share", 0.60, "办事材料减少 ≥ 60%", "2019年6月底前,企业和群众到政府办事提供的材料减少60%以上"),
    Target(
        "one_visit_share",
        1.0,
        "“最多跑一次”是原则、跑多次是例外",
        "2019年年底前基本实现企业和群众到政府办理审批服务事项“最多跑一次是原则、跑多次是例外”。",
    ),
    Target("instant_share", None, "大幅提高即办件比例", "“马上办”。大幅提高即办件比例,推动合法合规的事项“马上办”"),
    Target("satisfaction_rate", None, "提升企业和群众满意度", "围绕……企业和群众满意度等主要内容,科学设定评估指标"),
)
BY_METRIC = {t.metric: t for t in TARGETS}
