"""好差评: validate, store once, audit, announce — and open a ticket for every 差评 in the same
transaction, so no bad rating is ever left without its rectification (R-50 "无差评件未处理")."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.cases.workflow import State as CaseState
from yichuang.common.errors import Conflict, DomainError, NotAllowed, Problem
from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event

from .. import config, permissions
from ..models import Encounter, Rating, Rectification
from ..models.rating import BAD_LEVELS, Channel, Level, indicators_for
from .tickets import open_ticket

# A case is rated once it has an outcome: decided (准予/不予), waiting for hand-out, completed,
# or ended without a decision (不予受理, 终止) — the moments a 差评 matters most. Not while it is
# still in progress, and not after the applicant withdrew it.
RATEABLE_STATES = frozenset({CaseState.DECIDED, CaseState.AWAITING_DELIVERY, CaseState.COMPLETED, CaseState.TERMINATED})
REASON_MAX = 500


def validate(level, indicators, reason: str, channel: str) -> tuple[int, list[str], str]:
    """The rules of one rating, each with its own code; all problems are reported together."""
    problems = []
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if level not in Level.values:
        problems.append(
            Problem("invalid_level", "请选择评价等级(非常满意、满意、基本满意、不满意、非常不满意)。", "level")
        )
    allowed = indicators_for(channel)
    chosen = list(dict.fromkeys(indicators or []))
    unknown = [c for c in chosen if c not in allowed]
    if unknown:
        problems.append(Problem("invalid_indicator", f"评价指标无效:{'、'.join(map(str, unknown))}。", "indicators"))
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        problems.append(Problem("reason_too_long", f"评价内容不能超过{REASON_MAX}字。", "reason"))
    if level in BAD_LEVELS:
        if not reason:
            problems.append(
                Problem("reason_required", "选择“不满意”或“非常不满意”时,请写明原因,以便我们整改。", "reason")
            )
        if not chosen:
            problems.append(
                Problem("indicator_required", "选择“不满意”或“非常不满意”时,请至少选择一个不满意的方面。", "indicators")
            )
    if problems:
        raise DomainError(problems)
    return level, chosen, reason


def _announce(rating: Rating, actor: str) -> None:
    """Audit, event, and the ticket of a 差评 — all in the caller's transaction."""
    case_number = rating.case.number if rating.case_id else None
    ledger.record(
        f"feedback.rating.{rating.pk}",
        "feedback.rating.create",
        actor=actor,
        object_type="feedback.Rating",
        object_id=rating.pk,
        new_stream=True,
        data={
            "level": rating.level,
            "channel": rating.channel,
            "case": case_number,
            "window": rating.window_id,
            "site": rating.site.code,
        },
    )
    ledger.emit(
        Event.FEEDBACK_EVALUATED,
        {
            "evaluation": rating.pk,
            "site": rating.site.code,
            "case": case_number,
            "window": rating.window_id,
            "staff": rating.staff.username if rating.staff_id else None,
            "level": rating.level,
            "channel": rating.channel,
            "at": rating.created_at.isoformat(),
        },
        key=str(rating.pk),
    )
    if rating.is_bad:
        open_ticket(rating.site, Rectification.Source.BAD_REVIEW, rating=rating, actor=actor)


def _rating_window_open(case: Case, now: dt.datetime) -> bool:
    ended = case.completed_at or case.decided_at
    if ended is None:
        return True
    return now - ended <= dt.timedelta(days=int(config.get("RATING_WINDOW_DAYS")))


def _save_once(rating: Rating) -> Rating:
    # The unique constraint decides a race between two submits; the loser gets a clear answer.
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise Conflict(Problem("already_rated", "该办件已评价过,每件事只能评价一次。", "case")) from None
    return rating


@transaction.atomic
def rate_case(case: Case, user, *, level, indicators=(), reason: str = "", channel: str = Channel.ONLINE) -> Rating:
    """一事一评: the applicant (or the person who applied for them) rates their case once."""
    if channel == Channel.WINDOW or channel not in Channel.values:
        raise DomainError(Problem("invalid_channel", "办件评价的渠道应为网上、短信或电话。", "channel"))
    case = Case.objects.select_related("site", "owner", "authorisation").get(pk=case.pk)
    rater = permissions.rater_for(user, case)
    if rater is None:
        raise NotAllowed(Problem("not_your_case", "只有该办件的申请人或其代办人可以评价。", "case"))
    if case.state not in RATEABLE_STATES:
        raise DomainError(Problem("case_not_rateable", "办件办结(或作出决定)后才能评价。", "case"))
    now = timezone.now()
    if not _rating_window_open(case, now):
        days = config.get("RATING_WINDOW_DAYS")
        raise DomainError(Problem("rating_window_closed", f"办件办结{days}日后不再接受评价。", "case"))
    level, chosen, reason = validate(level, indicators, reason, channel)
    if Rating.objects.filter(case=case, encounter__isnull=True).exists():
        raise Conflict(Problem("already_rated", "该办件已评价过,每件事只能评价一次。", "case"))
    rating = _save_once(
        Rating(
            site=case.site,
            channel=channel,
            case=case,
            staff=case.owner,
            level=level,
            indicators=chosen,
            reason=reason,
            rater_user=user,
            rater_applicant_id=rater,
            created_at=now,
        )
    )
    _announce(rating, user.username)
    return rating


@transaction.atomic
def start_encounter(window, clerk, case: Case | None = None) -> Encounter:
    """The clerk invites the person at the window to rate this service on the tablet. Any
    encounter still open at the window is closed: one tablet, one pending rating at a time."""
    if not permissions.may_serve_window(clerk, window):
        raise NotAllowed(Problem("role_not_allowed", "只有在本窗口任A岗或B岗的工作人员可以邀请评价。", "window"))
    if case is not None and window.site_id not in (case.site_id, case.home_site_id):
        raise DomainError(Problem("case_other_site", "该办件不属于本窗口所在站点。", "case"))
    now = timezone.now()
    Encounter.objects.filter(window=window, closed_at__isnull=True).update(closed_at=now)
    minutes = int(config.get("ENCOUNTER_MINUTES"))
    return Encounter.objects.create(
        window=window,
        staff=clerk,
        case=case,
        token=secrets.token_urlsafe(32),
        created_at=now,
        expires_at=now + dt.timedelta(minutes=minutes),
    )


@transaction.atomic
def rate_encounter(token: str, *, device, level, indicators=(), reason: str = "", rater=None) -> Rating:
    """一次一评 on the window's bound tablet: the one-time token of an open encounter of the
    tablet's own window, used once. `device` is the TabletDevice the request authenticated with
    (its cookie); `rater` the request's user, if any — the staff of the site, above all the rated
    clerk, never rate through the window channel (issue 13)."""
    if device is None or not device.is_active:
        raise NotAllowed(Problem("tablet_not_bound", "本设备不是已绑定的窗口评价器,不能提交窗口评价。", "device"))
    encounter = (
        Encounter.objects.select_for_update(of=("self",))
        .select_related("window__site", "staff", "case")
        .filter(token=str(token or "")[:64])
        .first()
    )
    if encounter is None or encounter.window_id != device.window_id:
        raise DomainError(Problem("encounter_unknown", "评价凭据无效,请请工作人员重新邀请评价。", "token"))
    if getattr(rater, "is_authenticated", False) and permissions.is_staff_member_at(rater, encounter.window.site_id):
        raise NotAllowed(
            Problem("rater_is_staff", "工作人员不能为本站点的服务评价;请请办事群众在评价器上评价。", "token")
        )
    if encounter.closed_at is not None:
        raise Conflict(Problem("encounter_closed", "本次服务已评价过(或已结束),感谢您的参与。", "token"))
    now = timezone.now()
    if encounter.expires_at <= now:
        raise Conflict(Problem("encounter_expired", "评价时间已过,请请工作人员重新邀请评价。", "token"))
    level, chosen, reason = validate(level, indicators, reason, Channel.WINDOW)
    encounter.closed_at = now
    encounter.save(update_fields=["closed_at"])
    rating = Rating.objects.create(
        site=encounter.window.site,
        channel=Channel.WINDOW,
        case=encounter.case,
        encounter=encounter,
        window=encounter.window,
        staff=encounter.staff,
        level=level,
        indicators=chosen,
        reason=reason,
        created_at=now,
    )
    _announce(rating, f"tablet:{device.pk}")
    return rating
