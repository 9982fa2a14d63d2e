"""The time rules that fire by themselves (`yichuang run_time_rules`; issue 20 §5, decision 0022).
The operations issue's scheduler will run it; until then run it every few minutes. Idempotent:
a case is ended once (the table refuses a second step from 已终止), flagged once, and each
rule raises at most one alert per case, ever (raise_alert(once=True)). Each case is handled in
its own transaction, so one case's failure leaves the others done.

- 补正期满 (待补正 past YICHUANG["SUPPLEMENT_DAYS"] working days): the system ends the case
  (step `supplement_timeout`); the seals app issues its notice from the event.
- 审查中补正逾期: an accepted case is not ended by the system — the law wants a written decision
  of the organ (行政许可法第三十八条) — so the home site's head gets an alert.
- 容缺 promise date passed, a special procedure past its listed maximum working days: alerts.
- 预审 past five working days: flagged 视为受理 (行政许可法第三十二条) and an alert.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

from django.db import transaction
from django.utils import timezone

from yichuang.cases import steps
from yichuang.cases.models import Case, CaseMaterial, ClockSuspension
from yichuang.cases.services import timers
from yichuang.cases.services.common import front_desk_site
from yichuang.cases.workflow import FINAL_STATES, Action, State
from yichuang.catalog.models import SpecialProcedure
from yichuang.common.errors import DomainError, NotAllowed
from yichuang.org.calendar import working_days_between

from .alerts import Rule, raise_alert

log = logging.getLogger(__name__)


def run_time_rules(now: dt.datetime | None = None) -> Counter:
    now = now or timezone.now()
    today = timezone.localdate(now)
    done: Counter = Counter()
    done[Action.SUPPLEMENT_TIMEOUT.value] = _supplement_timeouts(today)
    done[Rule.REVIEW_SUPPLEMENT_OVERDUE] = _review_supplements_overdue(today, now)
    done[Rule.DEFERRED_OVERDUE] = _deferred_overdue(today, now)
    done[Rule.SPECIAL_OVERDUE] = _special_overdue(today, now)
    done[Rule.DEEMED_ACCEPTED] = _deemed_accepted(today, now)
    return +done  # only what happened


def _waiting_on_notice(state: State, today: dt.date):
    """Cases in `state` whose open notice is old enough to have passed its limit: N working
    days are at least N calendar days, so younger notices need no calendar arithmetic."""
    oldest = today - dt.timedelta(days=timers.supplement_days())
    return (
        Case.objects.filter(
            state=state, supplement_notices__supplied_at__isnull=True, supplement_notices__issued_at__date__lt=oldest
        )
        .select_related("site", "home_site")
        .distinct()
        .order_by("pk")
    )


def _supplement_timeouts(today: dt.date) -> int:
    ended = 0
    for case in _waiting_on_notice(State.AWAITING_SUPPLEMENT, today).iterator(chunk_size=200):
        if timers.supplement_overdue(case) is not None:
            continue
        try:
            steps.perform(case, None, Action.SUPPLEMENT_TIMEOUT)  # its own transaction
        except (DomainError, NotAllowed) as err:  # supplied meanwhile: the table or the guard says no
            log.info("supplement timeout skipped for %s: %s", case.number, err)
            continue
        ended += 1
    return ended


def _alert(rule: str, site, case: Case, message: str, now: dt.datetime) -> int:
    with transaction.atomic():
        return int(
            raise_alert(rule, site, case.number, message, case_number=case.number, now=now, once=True) is not None
        )


def _review_supplements_overdue(today: dt.date, now: dt.datetime) -> int:
    raised = 0
    for case in _waiting_on_notice(State.REVIEW_SUPPLEMENT, today).iterator(chunk_size=200):
        notice = timers.open_notice(case)
        deadline = timers.supplement_deadline(case, notice)
        if today <= deadline:
            continue
        raised += _alert(
            Rule.REVIEW_SUPPLEMENT_OVERDUE,
            case.home_site,
            case,
            f"申请人未在补正期限内(至{timers.chinese_day(deadline)})补齐审查中告知的材料。办件已受理,"
            "系统不终止办理:请审批部门依法作出决定,或由中心负责人终止办理。",
            now,
        )
    return raised


def _deferred_overdue(today: dt.date, now: dt.datetime) -> int:
    late = (
        CaseMaterial.objects.filter(status=CaseMaterial.Status.DEFERRED, promised_by__lt=today)
        .exclude(case__state__in=FINAL_STATES)
        .select_related("case__site", "case__home_site", "material")
        .order_by("case_id", "material__order", "pk")
    )
    by_case: dict[int, list[CaseMaterial]] = {}
    for row in late:
        by_case.setdefault(row.case_id, []).append(row)
    raised = 0
    for rows in by_case.values():
        case = rows[0].case
        names = "、".join(f"{r.material.name}(承诺{timers.chinese_day(r.promised_by)}前)" for r in rows)
        raised += _alert(
            Rule.DEFERRED_OVERDUE, front_desk_site(case), case, f"容缺受理承诺后补的材料逾期未补交:{names}。", now
        )
    return raised


def _special_overdue(today: dt.date, now: dt.datetime) -> int:
    stops = (
        ClockSuspension.objects.filter(
            reason=ClockSuspension.Reason.SPECIAL, ended_on__isnull=True, case__state=State.SPECIAL_PROCEDURE
        )
        .select_related("case__site", "case__home_site", "case__item_version")
        .order_by("pk")
    )
    raised = 0
    for stop in stops:
        case = stop.case
        listed = SpecialProcedure.objects.filter(version=case.item_version, kind=stop.procedure).first()
        if listed is None:
            continue
        used = working_days_between(case.home_site, stop.started_on, today)
        if used <= listed.max_days:
            continue
        raised += _alert(
            Rule.SPECIAL_OVERDUE,
            case.home_site,
            case,
            f"{listed.get_kind_display()}自{timers.chinese_day(stop.started_on)}起已{used}个工作日,"
            f"超过事项规定的{listed.max_days}个工作日。",
            now,
        )
    return raised


def _deemed_accepted(today: dt.date, now: dt.datetime) -> int:
    oldest = today - dt.timedelta(days=timers.PREREVIEW_DAYS)
    candidates = (
        Case.objects.filter(state=State.PREREVIEW, deemed_accepted_on__isnull=True, received_at__date__lt=oldest)
        .select_related("site", "home_site")
        .prefetch_related("supplement_notices")
        .order_by("pk")
    )
    raised = 0
    for case in candidates.iterator(chunk_size=200):
        if not timers.prereview_overdue(case, today):
            continue
        with transaction.atomic():  # the flag and its alert together
            flagged = timers.flag_deemed_accepted(case)
            if flagged is None:
                continue
            raised += _alert(
                Rule.DEEMED_ACCEPTED,
                case.site,
                case,
                f"预审超过{timers.PREREVIEW_DAYS}个工作日未告知补正、未作受理决定,依行政许可法第三十二条,"
                f"自收到申请材料之日({timers.chinese_day(flagged.deemed_accepted_on)})起即为受理。",
                now,
            )
    return raised
