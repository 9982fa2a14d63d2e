"""预约签到取号 at the kiosk (issue 19 §1; R-29, R-32): today's booking at this hall is checked
in and gets a ticket ahead of walk-ins; a booking is used once, only at its own hall."""

import datetime as dt

import pytest
from django.utils import timezone

from yichuang.common.errors import Conflict, DomainError
from yichuang.floor import services
from yichuang.floor.models import Ticket
from yichuang.portal.models import Booking, Slot
from yichuang.portal.tests.factories import logged_in_account

from .factories import kiosk_client

pytestmark = pytest.mark.django_db


def _booking(hall, day=None, code="YY0001"):
    slot = Slot.objects.create(
        site=hall.site, window_type="intake", date=day or timezone.localdate(), start=dt.time(9), end=dt.time(10),
        capacity=5, booked=1,
    )  # fmt: skip
    return Booking.objects.create(slot=slot, account=logged_in_account(), item=hall.fw.world.version.item, code=code)


def test_a_booking_checked_in_at_the_kiosk_waits_ahead_of_walk_ins(hall):
    services.issue(hall.site, "A")
    booking = _booking(hall)
    ticket = services.issue_for_booking(hall.site, "yy0001")
    booking.refresh_from_db()
    assert (ticket.priority, booking.state) == (Ticket.Priority.APPOINTMENT, Booking.State.CHECKED_IN)
    assert services.call_next(hall.window, hall.clerk) == ticket


def test_a_booking_gives_one_ticket(hall):
    _booking(hall)
    services.issue_for_booking(hall.site, "YY0001")
    with pytest.raises(Conflict):
        services.issue_for_booking(hall.site, "YY0001")


def test_another_days_booking_is_refused_in_words(hall):
    _booking(hall, day=timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(DomainError, match="不是今天"):
        services.issue_for_booking(hall.site, "YY0001")


def test_the_kiosk_page_checks_a_booking_in(hall):
    _booking(hall)
    response = kiosk_client(hall.kiosk_token).post("/floor/kiosk/", {"booking": "YY0001"}, follow=True)
    assert "预约优先" in response.content.decode()
