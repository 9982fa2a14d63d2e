"""Working-day arithmetic over the database calendar.

Conventions (行政许可法 art. 82, and how centres count in practice):
- `add_working_days(site, start, n)` is the date on which the n-th working day *after*
  `start` falls; the start day itself is never counted, whether or not it is a working day.
  This avoids the off-by-one seen in `chinesecalendar.find_workday` when starting on a
  non-working day.
- `working_days_between(site, start, end)` counts working days in (start, end], so
  `working_days_between(s, d, add_working_days(s, d, n)) == n` for every n ≥ 0.
- A site's own exceptions (CalendarDay with that site) win over national ones.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from django.db.models import Q

from yichuang.common.errors import DomainError, Problem

from .models import CalendarDay, CalendarYear, Site


class UnknownCalendarYear(DomainError):
    def __init__(self, year: int):
        self.year = year
        super().__init__(
            Problem(
                code="calendar_year_unknown",
                message=f"{year}年的工作日历尚未载入,无法计算工作日。请管理员在“工作日历”中录入该年的节假日和调休安排。",
                field="date",
            )
        )


class _Calendar:
    """A snapshot of exceptions for a set of years, loaded with one query."""

    def __init__(self, site: Site | None, years: range):
        known = set(CalendarYear.objects.filter(year__in=list(years)).values_list("year", flat=True))
        self.known_years = known
        site_q = Q(site__isnull=True) | (Q(site=site) if site is not None else Q(pk__in=[]))
        rows = CalendarDay.objects.filter(site_q, date__year__in=list(years)).values_list(
            "date", "is_working", "site_id"
        )
        national: dict[dt.date, bool] = {}
        local: dict[dt.date, bool] = {}
        for date, is_working, site_id in rows:
            (local if site_id else national)[date] = is_working
        self.days = {**national, **local}

    def is_working(self, day: dt.date) -> bool:
        if day.year not in self.known_years:
            raise UnknownCalendarYear(day.year)
        exception = self.days.get(day)
        return exception if exception is not None else day.weekday() < 5


# Within one request the calendar cannot change under the request's feet, and one action reads
# it several times (the due dates it moves, then the clock of the answer): `request_calendars`
# (CalendarPerRequest middleware) keeps each snapshot for the rest of the request. Outside a
# request (commands, tests, the relay) nothing is kept, so an edit is always seen at once.
_snapshots: ContextVar[dict | None] = ContextVar("calendar_snapshots", default=None)


@contextmanager
def request_calendars():
    token = _snapshots.set({})
    try:
        yield
    finally:
        _snapshots.reset(token)


class CalendarPerRequest:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_calendars():
            return self.get_response(request)


def _calendar(site: Site | None, first: dt.date, last: dt.date) -> _Calendar:
    years = range(first.year, last.year + 1)
    kept = _snapshots.get()
    if kept is None:
        return _Calendar(site, years)
    key = (getattr(site, "pk", None), years.start, years.stop)
    if key not in kept:
        kept[key] = _Calendar(site, years)
    return kept[key]


def is_working_day(site: Site | None, day: dt.date) -> bool:
    return _calendar(site, day, day).is_working(day)


def add_working_days(site: Site | None, start: dt.date, n: int) -> dt.date:
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return start
    # Each calendar year has ~250 working days; load generously and extend if a long limit needs more.
    horizon = start + dt.timedelta(days=n * 2 + 40)
    cal = _calendar(site, start, horizon)
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if day > horizon:
            horizon = day + dt.timedelta(days=n * 2 + 40)
            cal = _calendar(site, day, horizon)
        if cal.is_working(day):
            counted += 1
    return day


def working_days_between(site: Site | None, start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]; negative if end is before start."""
    if end < start:
        return -working_days_between(site, end, start)
    cal = _calendar(site, start, end)
    day, counted = start, 0
    while day < end:
        day += dt.timedelta(days=1)
        counted += cal.is_working(day)
    return counted


@lru_cache(maxsize=1)
def library_years() -> tuple[int, int]:
    import chinese_calendar

    years = sorted({d.year for d in chinese_calendar.holidays})
    return years[0], years[-1]
