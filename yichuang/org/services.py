"""Writes for org. Every multi-row change is one transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from yichuang.common.errors import DomainError, Problem

from .calendar import library_years
from .models import CalendarDay, CalendarYear


@transaction.atomic
def seed_calendar_from_library(years: list[int] | None = None, replace: bool = False) -> list[int]:
    """Load national holidays and 调休 working weekends from `chinesecalendar` for the years it
    knows. Only days that differ from the Monday–Friday rule are stored. Years already in the
    database are kept (an administrator may have corrected them) unless `replace`."""
    import chinese_calendar

    first, last = library_years()
    wanted = years or list(range(first, last + 1))
    unknown = [y for y in wanted if not first <= y <= last]
    if unknown:
        raise DomainError(
            Problem(
                "calendar_library_year_unknown",
                f"日历库只包含{first}–{last}年,以下年份需由管理员手工录入:{unknown}",
                "years",
            )
        )
    existing = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    todo = [y for y in wanted if replace or y not in existing]
    if not todo:
        return []
    CalendarDay.objects.filter(site__isnull=True, date__year__in=todo).delete()
    CalendarYear.objects.filter(year__in=todo).delete()
    rows = []
    for year in todo:
        day = dt.date(year, 1, 1)
        while day.year == year:
            working = chinese_calendar.is_workday(day)
            if working != (day.weekday() < 5):
                _, name = chinese_calendar.get_holiday_detail(day)
                label = _HOLIDAY_NAMES.get(name, name or "")
                rows.append(CalendarDay(date=day, is_working=working, name=f"{label}调休上班" if working else label))
            day += dt.timedelta(days=1)
    CalendarDay.objects.bulk_create(rows)
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source=f"chinesecalendar {chinese_calendar.__version__}") for y in todo]
    )
    return todo


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
