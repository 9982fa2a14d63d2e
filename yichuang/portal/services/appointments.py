"""预约: book a time at a hall, cancel it, check in on the day.

Slots are made per site, window type, item and day from the item's daily quota
(ItemVersion.appointment_daily_quota), spread over the hall's half-hour periods. Booking is
one conditional UPDATE (`booked = booked + 1 WHERE booked < capacity`): the database decides,
so two citizens racing for the last place cannot both get it, on SQLite or PostgreSQL; a CHECK
constraint (booked ≤ capacity) backs it up.

Places are shared, so no one may hoard them (issue 13): one live booking per person per item
per day, and a bounded number of open future bookings per person. The booker's account row is
locked first, so one person's parallel bookings queue and the counts hold.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from yichuang.common.errors import Conflict, DomainError, NotAllowed, Problem
from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event
from yichuang.org.calendar import is_working_day
from yichuang.org.models import StaffRole, Window

from ..models import Booking, CitizenAccount, Slot

PERIODS = [
    (dt.time(8, 30), dt.time(9, 0)),
    (dt.time(9, 0), dt.time(9, 30)),
    (dt.time(9, 30), dt.time(10, 0)),
    (dt.time(10, 0), dt.time(10, 30)),
    (dt.time(10, 30), dt.time(11, 0)),
    (dt.time(11, 0), dt.time(11, 30)),
    (dt.time(14, 30), dt.time(15, 0)),
    (dt.time(15, 0), dt.time(15, 30)),
    (dt.time(15, 30), dt.time(16, 0)),
    (dt.time(16, 0), dt.time(16, 30)),
    (dt.time(16, 30), dt.time(17, 0)),
]
BOOKING_DAYS_AHEAD = 14
CHECK_IN_ROLES = {StaffRole.Role.CLERK, StaffRole.Role.HELPER, StaffRole.Role.HEAD}
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out at the hall
DEFAULT_MAX_OPEN_BOOKINGS = 5  # a family's errands for the next two weeks, not a day's slots


def max_open_bookings() -> int:
    return int(settings.YICHUANG.get("PORTAL_MAX_OPEN_BOOKINGS", DEFAULT_MAX_OPEN_BOOKINGS))


def _split(quota: int, parts: int) -> list[int]:
    base, extra = divmod(quota, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


@transaction.atomic
def ensure_slots(site, version, day: dt.date, window_type: str = Window.Type.INTAKE) -> list[Slot]:
    """The day's slots for this item at this site, made on first sight from the daily quota."""
    quota = version.appointment_daily_quota
    if not quota:
        raise DomainError(Problem("no_appointments", "该事项未开放网上预约,请直接到窗口办理。", "item"))
    today = timezone.localdate()
    if not (today < day <= today + dt.timedelta(days=BOOKING_DAYS_AHEAD)):
        raise DomainError(Problem("day_out_of_range", f"只能预约明天起{BOOKING_DAYS_AHEAD}天内的时段。", "date"))
    if not is_working_day(site, day):
        raise DomainError(Problem("not_working_day", "该日不是工作日,请另选日期。", "date"))
    existing = list(Slot.objects.filter(site=site, window_type=window_type, item_id=version.item_id, date=day))
    if existing:
        return existing
    rows = [
        Slot(
            site=site,
            window_type=window_type,
            item_id=version.item_id,
            date=day,
            start=start,
            end=end,
            capacity=capacity,
        )
        for (start, end), capacity in zip(PERIODS, _split(quota, len(PERIODS)))
        if capacity
    ]
    Slot.objects.bulk_create(rows, ignore_conflicts=True)  # a concurrent first visitor made them already
    return list(Slot.objects.filter(site=site, window_type=window_type, item_id=version.item_id, date=day))


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _audit(booking: Booking, event: Event, actor: str) -> None:
    ledger.record(
        f"booking:{booking.code}",
        event.value,
        actor=actor,
        object_type="portal.Booking",
        object_id=booking.code,
        data={
            "site": booking.slot.site.code,
            "date": booking.slot.date.isoformat(),
            "start": booking.slot.start.isoformat(),
            "state": booking.state,
        },
    )
    ledger.emit(
        event,
        {"booking": booking.code, "site": booking.slot.site.code, "date": booking.slot.date.isoformat()},
        key=booking.code,
    )


@transaction.atomic
def book(account, slot: Slot) -> Booking:
    """Take one place in the slot, or refuse if none is left. Never over-books."""
    if slot.date <= timezone.localdate():
        raise DomainError(Problem("slot_past", "只能预约明天及以后的时段。", "slot"))
    CitizenAccount.objects.select_for_update().filter(pk=account.pk).first()  # one person's bookings queue here
    _within_personal_limits(account, slot)
    taken = Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1)
    if not taken:
        raise Conflict(Problem("slot_full", "该时段已约满,请选择其他时段。", "slot"))
    slot.refresh_from_db()
    try:
        with transaction.atomic():
            booking = Booking.objects.create(slot=slot, account=account, item_id=slot.item_id, code=_code())
    except IntegrityError:
        raise Conflict(Problem("already_booked", "您已预约该时段。", "slot")) from None
    _audit(booking, Event.APPOINTMENT_BOOKED, account.user.username)
    return booking


def _within_personal_limits(account, slot: Slot) -> None:
    live = Booking.objects.filter(account=account, state=Booking.State.BOOKED)
    if live.filter(slot=slot).exists():
        raise Conflict(Problem("already_booked", "您已预约该时段。", "slot"))
    if live.filter(item_id=slot.item_id, slot__date=slot.date).exists():
        raise Conflict(Problem("one_a_day", "同一事项每人每天只能预约一个时段;如需改期,请先取消原预约。", "slot"))
    most = max_open_bookings()
    if live.filter(slot__date__gt=timezone.localdate()).count() >= most:
        raise Conflict(
            Problem("too_many_bookings", f"每人最多同时保留{most}个未到期的预约,请先办理或取消已有预约。", "slot")
        )


@transaction.atomic
def cancel(account, booking: Booking) -> Booking:
    booking = Booking.objects.select_for_update().select_related("slot__site").get(pk=booking.pk)
    if booking.account_id != account.pk:
        raise NotAllowed(Problem("not_your_booking", "只能取消本人的预约。", "booking"))
    if booking.state != Booking.State.BOOKED:
        raise Conflict(Problem("not_cancellable", "该预约已取消或已签到,不能取消。", "booking"))
    booking.state, booking.cancelled_at = Booking.State.CANCELLED, timezone.now()
    booking.save(update_fields=["state", "cancelled_at"])
    Slot.objects.filter(pk=booking.slot_id, booked__gt=0).update(booked=F("booked") - 1)
    _audit(booking, Event.APPOINTMENT_CANCELLED, account.user.username)
    return booking


@transaction.atomic
def check_in(staff, code: str) -> Booking:
    """签到 at the hall, by a clerk or helper of the booked site, on the booked day."""
    code = (code or "").strip().upper()[:12]
    booking = (
        Booking.objects.select_for_update().select_related("slot__site").filter(code=code).first()
        if code.isprintable()
        else None
    )  # a NUL would be a 500 on PostgreSQL
    if booking is None:
        raise DomainError(Problem("booking_not_found", "没有这个预约号。", "code"))
    roles = set(staff.staff_roles.filter(site=booking.slot.site).values_list("role", flat=True))
    if not roles & CHECK_IN_ROLES:
        raise NotAllowed(Problem("role_not_allowed", "只有本站点的工作人员可以办理预约签到。", "actor"))
    if booking.state != Booking.State.BOOKED:
        raise Conflict(Problem("not_checkable", "该预约已取消或已签到。", "code"))
    if booking.slot.date != timezone.localdate():
        raise DomainError(Problem("wrong_day", f"该预约是{booking.slot.date:%Y年%m月%d日}的,不是今天。", "code"))
    booking.state, booking.checked_in_at, booking.checked_in_by = Booking.State.CHECKED_IN, timezone.now(), staff
    booking.save(update_fields=["state", "checked_in_at", "checked_in_by"])
    _audit(booking, Event.APPOINTMENT_CHECKED_IN, staff.username)
    return booking
