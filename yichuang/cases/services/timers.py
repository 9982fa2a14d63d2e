"""The time rules the system applies to a case by itself (issue 20 §5; docs/decisions/0022):

- 补正期满: an application waiting in 待补正 past its supplement limit ends (the step
  `supplement_timeout`, taken by SYSTEM through `steps.perform`; the seals app issues the
  补正期满终止办理告知书 when it sees the event). The limit is YICHUANG["SUPPLEMENT_DAYS"]
  working days of the home site after the notice: the catalogue has no per-item limit.
- 视为受理: an application left in 预审 past five working days (行政许可法第三十二条 and
  第八十二条: the law's periods are working days) is deemed accepted on the day its materials
  came in; the case carries the date, and `accept` starts its clock on it.

What raises alerts (容缺 promise passed, special procedure too long, a review 补正 left
unanswered) lives in supervision.time_rules, which also runs these; cases never import
supervision (the dependency order).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yichuang.common.errors import Problem
from yichuang.ledger.events import Event
from yichuang.org.calendar import add_working_days, working_days_between

from ..models import Case, SupplementNotice
from ..workflow import State
from .common import Outcome, audit, done, locked

DEFAULT_SUPPLEMENT_DAYS = 20
PREREVIEW_DAYS = 5  # 行政许可法第三十二条: "当场或者在五日内一次告知"
TIMEOUT_BASIS = "《中华人民共和国行政许可法》第三十二条;一次性告知书所定补正期限"


def supplement_days() -> int:
    return int(settings.YICHUANG.get("SUPPLEMENT_DAYS", DEFAULT_SUPPLEMENT_DAYS))


def chinese_day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def open_notice(case: Case) -> SupplementNotice | None:
    """The 补正 notice the applicant has not answered yet (a case has at most one open)."""
    return case.supplement_notices.filter(supplied_at__isnull=True).order_by("-issued_at", "-pk").first()


def supplement_deadline(case: Case, notice: SupplementNotice) -> dt.date:
    """The last day the applicant may still supply: the limit counted in the home site's
    working days after the day of the notice (that day itself not counted)."""
    return add_working_days(case.home_site, timezone.localdate(notice.issued_at), supplement_days())


def supplement_overdue(case: Case) -> Problem | None:
    """The guard of `supplement_timeout`: only once the limit has passed (the deadline day
    itself still belongs to the applicant)."""
    notice = open_notice(case)
    if notice is None:
        return Problem("no_open_notice", "该办件没有待补正的告知书。", "action")
    deadline = supplement_deadline(case, notice)
    if timezone.localdate() <= deadline:
        return Problem("supplement_not_due", f"补正期限至{chinese_day(deadline)},尚未届满。", "action")
    return None


def supplement_timeout(case: Case, actor) -> Outcome:
    """补正期满终止: the body of the step. The reason and basis are what the notice prints."""
    notice = open_notice(case)
    deadline = supplement_deadline(case, notice)
    issued = chinese_day(timezone.localdate(notice.issued_at))
    case.decision_reason = (
        f"申请人未在补正期限内(至{chinese_day(deadline)})补齐{issued}一次性告知书所列全部材料,"
        "本次申请终止办理。申请人可以重新提出申请。"
    )
    case.decision_basis = TIMEOUT_BASIS
    case.completed_at = timezone.now()
    return done(notice=notice.pk, deadline=deadline.isoformat())


# ---------------------------------------------------------------- 视为受理 (预审 past five working days)


def prereview_since(case: Case) -> dt.date:
    """The day the materials 预审 judges came in: the intake, or the last 补正 supplied."""
    supplied = [n.supplied_at for n in case.supplement_notices.all() if n.supplied_at]
    return timezone.localdate(max([case.received_at, *supplied]))


def prereview_overdue(case: Case, today: dt.date | None = None) -> bool:
    """More than five working days of the receiving site since the materials came in."""
    today = today or timezone.localdate()
    return working_days_between(case.site, prereview_since(case), today) > PREREVIEW_DAYS


def flag_deemed_accepted(case: Case) -> Case | None:
    """Mark the case deemed accepted (its own transaction, the case locked), with an audit
    record the timeline shows; None if it is no longer in 预审, already flagged, or not late."""
    with transaction.atomic():
        case = locked(case)
        if case.state != State.PREREVIEW or case.deemed_accepted_on is not None or not prereview_overdue(case):
            return None
        case.deemed_accepted_on = prereview_since(case)
        case.save(update_fields=["deemed_accepted_on"])
        audit(case, Event.CASE_DEEMED_ACCEPTED, None, received_on=case.deemed_accepted_on.isoformat())
    return case
