"""The clock a supervisor sees (限时办结, 电子监察): remaining working days and a warning level."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from yichuang.org.calendar import working_days_between

from .workflow import CLOCK_STOPPED, FINAL_STATES


@dataclass(frozen=True)
class ClockReading:
    level: str  # "normal" | "yellow" | "red" | "none" (not started or finished)
    remaining_days: int | None  # working days left; negative when overdue
    overdue: bool
    stopped: bool


def read_clock(case, today: dt.date | None = None) -> ClockReading:
    if case.due_date is None or case.state in FINAL_STATES or case.decided_at is not None:
        return ClockReading("none", None, False, False)
    stopped = case.state in CLOCK_STOPPED
    as_of = today or timezone.localdate()
    if stopped:
        # While stopped, time does not run: read the clock as it stood when it stopped.
        open_stop = next((s for s in case.suspensions.all() if s.ended_on is None), None)
        as_of = open_stop.started_on if open_stop else as_of
    remaining = working_days_between(case.home_site, as_of, case.due_date)
    thresholds = settings.YICHUANG
    if remaining <= thresholds["WARNING_RED_DAYS"]:
        level = "red"
    elif remaining <= thresholds["WARNING_YELLOW_DAYS"]:
        level = "yellow"
    else:
        level = "normal"
    return ClockReading(level, remaining, as_of > case.due_date, stopped)
