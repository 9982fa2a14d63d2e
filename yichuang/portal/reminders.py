"""The reminder the day before an appointment (R-25, R-29): one message per booking, however
often it runs (the key names the booking). The scheduler runs `remind_appointments` once a day;
a booker not yet real-named is reminded by SMS at the phone they booked with."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from yichuang.notify import services as notify
from yichuang.notify.models import Message
from yichuang.notify.texts import render

from .models import Booking


def remind_tomorrow(today: dt.date | None = None) -> int:
    """Write the reminders of every live booking for the day after `today`; returns how many
    bookings had one written now."""
    tomorrow = (today or timezone.localdate()) + dt.timedelta(days=1)
    bookings = Booking.objects.filter(state=Booking.State.BOOKED, slot__date=tomorrow).select_related(
        "slot__site", "account__applicant", "item"
    )
    told = 0
    for booking in bookings:
        version = booking.item.versions.order_by("-number").first()
        text = render(
            Message.Kind.REMINDER,
            when=f"{booking.slot.start:%H:%M}",
            site=booking.slot.site.name,
            item=version.name if version else booking.item.basic_code,
            code=booking.code,
        )
        key = f"booking:{booking.code}:day-before"
        if notify.tell(booking.account.applicant, Message.Kind.REMINDER, key, text, phone=booking.account.phone):
            told += 1
    return told
