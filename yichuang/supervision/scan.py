"""The periodic 电子监察 scan (`yichuang scan_alerts`): clock warnings, overdue cases, cases left
untouched for N working hours, 差评 tickets past their rectification date, and 双告知 not
delivered (or not opened) within their working-day limit. Idempotent: it raises only what is
not already open, so running it every few minutes is safe."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from yichuang.cases.clock import read_clock
from yichuang.cases.models import Case
from yichuang.cases.workflow import CLOCK_RUNNING, CLOCK_STOPPED, State
from yichuang.ledger.models import AuditRecord
from yichuang.org.calendar import is_working_day

from . import conf
from .alerts import Rule, raise_alert
from .models import Notice, TicketWatch

WAITING_ON_STAFF = (State.PREREVIEW, State.ACCEPTED, State.IN_REVIEW)
CLOCK_RULES = {"yellow": Rule.CLOCK_YELLOW, "red": Rule.CLOCK_RED}


class WorkingHours:
    """Office hours on working days between two instants, with the calendar read once per day."""

    def __init__(self):
        self._days: dict[tuple[int, dt.date], bool] = {}

    def working(self, site, day: dt.date) -> bool:
        key = (site.pk, day)
        if key not in self._days:
            self._days[key] = is_working_day(site, day)
        return self._days[key]

    def between(self, site, start: dt.datetime, end: dt.datetime, enough: float) -> float:
        """Hours in [start, end); stops counting once `enough` is reached (a case idle for
        months needs no exact figure)."""
        opens, closes = conf.get("OFFICE_HOURS")
        start, end = timezone.localtime(start), timezone.localtime(end)
        day, hours = start.date(), 0.0
        while day <= end.date() and hours < enough:
            if self.working(site, day):
                tz = start.tzinfo
                lo = max(start, dt.datetime.combine(day, dt.time(opens), tz))
                hi = min(end, dt.datetime.combine(day, dt.time(closes), tz))
                hours += max((hi - lo).total_seconds() / 3600, 0)
            day += dt.timedelta(days=1)
        return hours


def scan_alerts(now: dt.datetime | None = None) -> Counter:
    now = now or timezone.now()
    today = timezone.localdate(now)
    raised: Counter = Counter()
    last_step = (
        AuditRecord.objects.filter(object_type="cases.Case", object_id=OuterRef("number"))
        .values("object_id")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    open_cases = (
        Case.objects.filter(state__in=[*CLOCK_RUNNING, *CLOCK_STOPPED, *WAITING_ON_STAFF])
        .select_related("site", "home_site")
        .prefetch_related("suspensions")
        .annotate(last_step=Subquery(last_step))
    )
    hours = WorkingHours()
    limit = conf.get("UNTOUCHED_WORKING_HOURS")
    for case in open_cases.iterator(chunk_size=500):
        reading = read_clock(case, today)
        if reading.overdue:
            rule, text = Rule.OVERDUE, f"办件已超过承诺办结日期({case.due_date})。"
        elif reading.level in CLOCK_RULES:
            rule = CLOCK_RULES[reading.level]
            text = f"距承诺办结日期({case.due_date})还剩{reading.remaining_days}个工作日。"
        else:
            rule = None
        if rule and raise_alert(rule, case.home_site, case.number, text, case_number=case.number, now=now):
            raised[rule] += 1
        if case.state in WAITING_ON_STAFF and case.last_step is not None:
            idle = hours.between(case.site, case.last_step, now, enough=limit)
            if idle >= limit and raise_alert(
                Rule.UNTOUCHED,
                case.site,
                case.number,
                f"办件已超过{limit}个工作小时无人处理。",
                case_number=case.number,
                now=now,
            ):
                raised[Rule.UNTOUCHED] += 1
    for ticket in TicketWatch.objects.filter(closed_on__isnull=True, due_on__lt=today).select_related("site"):
        if raise_alert(
            Rule.REVIEW_NOT_RECTIFIED,
            ticket.site,
            ticket.ticket,
            f"差评整改单{ticket.ticket}已超过整改期限({ticket.due_on})仍未整改。",
            now=now,
        ):
            raised[Rule.REVIEW_NOT_RECTIFIED] += 1
    for notice in overdue_notices(today):
        dept = notice.route.supervising_department.name
        if raise_alert(
            Rule.NOTICE_OVERDUE,
            notice.case.home_site,
            str(notice.event_id),
            f"审批结果未在告知期限({notice.due_by})内送达{dept}。",
            case_number=notice.case.number,
            now=now,
        ):
            raised[Rule.NOTICE_OVERDUE] += 1
    return raised


def overdue_notices(today: dt.date):
    """双告知 past their working-day limit: the webhook has not succeeded, or (inbox only) the
    department has not opened it."""
    late = Q(status=Notice.Status.PENDING) | Q(status=Notice.Status.INBOX_ONLY, read_at__isnull=True)
    return Notice.objects.filter(late, due_by__lt=today).select_related(
        "case__home_site", "route__supervising_department"
    )
