"""Query-string values of the scorecards, checked once for every caller (the staff page, the
Excel export, the API and the public page): a bad value is a DomainError with a code and a
Chinese message — 400 on every door — never a silent default and never a 500.

Dates are bounded because the scorecard splits a period into months: a far date (9999-12-31)
made the month arithmetic overflow. No rollup exists before the platform, nor after next year.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from yichuang.common.errors import DomainError, Problem

EARLIEST = dt.date(2000, 1, 1)
FUTURE_DAYS = 366  # the end of a period may reach a year ahead (a plan), not further
MAX_ID = 2**31 - 1  # the rollups' id columns are 32-bit integers


def latest(today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) + dt.timedelta(days=FUTURE_DAYS)


def _date(value, field: str, label: str, default: dt.date, today: dt.date) -> dt.date:
    if value in (None, ""):
        return default
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(Problem("invalid_date", f"{label}格式应为 年-月-日(如 2026-06-01)。", field)) from None
    if not EARLIEST <= day <= latest(today):
        raise DomainError(
            Problem(
                "date_out_of_range",
                f"{label}应在 {EARLIEST:%Y年%m月%d日} 至 {latest(today):%Y年%m月%d日} 之间。",
                field,
            )
        )
    return day


def period(params, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(start, end) from ?start=&end=; by default this year up to today. Every problem at once."""
    today = today or timezone.localdate()
    problems, days = [], {}
    for field, label, default in (("start", "开始日期", today.replace(month=1, day=1)), ("end", "结束日期", today)):
        try:
            days[field] = _date(params.get(field), field, label, default, today)
        except DomainError as exc:
            problems += exc.problems
    if problems:
        raise DomainError(problems)
    if days["end"] < days["start"]:
        raise DomainError(Problem("period_reversed", "开始日期不能晚于结束日期。", "start"))
    return days["start"], days["end"]


def optional_id(params, field: str, label: str) -> int | None:
    """A positive database id, or None when absent. Only ASCII digits ("²".isdigit() is true
    but int() refuses it) and within the column's range (PostgreSQL refuses larger numbers)."""
    value = params.get(field)
    if value in (None, ""):
        return None
    text = str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or not 0 < int(text) <= MAX_ID:
        raise DomainError(Problem(f"invalid_{field}", f"{label}编号无效。", field))
    return int(text)
