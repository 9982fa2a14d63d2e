"""One demo case reaching its yellow threshold after the load's own scan (issue 16 §1): the first
电子监察 scan of the task runner's schedule (every five minutes, `make demo` starts it) raises
its yellow card with nobody typing a command."""

from __future__ import annotations

from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.cases.workflow import State
from yichuang.org.calendar import add_working_days
from yichuang.supervision.models import Alert


def load(say) -> None:
    alerted = Alert.objects.exclude(case_number="").values("case_number")
    case = (
        Case.objects.filter(state__in=[State.ACCEPTED, State.IN_REVIEW])
        .exclude(number__in=alerted)
        .select_related("home_site")
        .order_by("number")
        .first()
    )
    if case is None:
        return
    due = add_working_days(case.home_site, timezone.localdate(), 2)
    Case.objects.filter(pk=case.pk).update(due_date=due)
    say(f"办件 {case.number} 还剩两个工作日办结:任务执行器下一次电子监察扫描(每5分钟)将自动亮黄牌。")
