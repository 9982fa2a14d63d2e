"""The hall's 消息 list and the reminder the day before an appointment (issue 15 §5, R-25)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from yichuang.notify.models import Message, SmsMessage
from yichuang.notify.services import tell
from yichuang.notify.tests.factories import no_quiet_hours

from ..numbers import phone_digest
from ..reminders import remind_tomorrow
from ..services import appointments
from .factories import citizen, logged_in_account, online_world

pytestmark = pytest.mark.django_db
TODAY, TOMORROW = dt.date(2026, 6, 15), dt.date(2026, 6, 16)  # the tests' today is Monday 2026-06-15


@pytest.fixture(autouse=True)
def _daytime(settings):
    no_quiet_hours(settings)


def _booked(account):
    world = online_world(appointment_daily_quota=11)
    slot = appointments.ensure_slots(world.site, world.version, TOMORROW)[0]
    return appointments.book(account, slot)


def test_the_citizen_reads_their_messages_in_the_hall_and_they_are_marked_read(client):
    account = citizen()
    tell(account.applicant, Message.Kind.RECEIVED, "k1", "【一窗通】您的申请已收到。")
    client.force_login(account.user)
    page = client.get(reverse("portal:messages")).content.decode()
    assert "您的申请已收到" in page and "新" in page
    assert not Message.objects.filter(channel=Message.Channel.HALL, read_at__isnull=True).exists()


def test_another_citizens_messages_are_not_listed(client):
    tell(citizen().applicant, Message.Kind.RECEIVED, "k1", "【一窗通】别人的消息。")
    client.force_login(citizen().user)
    assert "别人的消息" not in client.get(reverse("portal:messages")).content.decode()


def test_the_messages_page_needs_a_login(client):
    response = client.get(reverse("portal:messages"))
    assert response.status_code == 302 and reverse("portal:login") in response["Location"]


def test_a_booking_is_reminded_the_day_before_once_however_often_the_reminder_runs(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 15, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    account = citizen()
    booking = _booked(account)
    assert remind_tomorrow(TODAY) == 1 and remind_tomorrow(TODAY) == 0
    reminder = Message.objects.get(kind=Message.Kind.REMINDER, channel=Message.Channel.SMS)
    assert booking.code in reminder.text and reminder.status == Message.Status.SENT


def test_a_booker_not_yet_real_named_is_reminded_at_the_phone_they_booked_with(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 15, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    account = logged_in_account()
    _booked(account)
    call_command("remind_appointments")
    texts = SmsMessage.objects.filter(phone_digest=phone_digest(account.phone)).values_list("text", flat=True)
    assert any("温馨提示" in t for t in texts)


def test_no_reminder_for_a_booking_the_day_after_tomorrow():
    account = citizen()
    _booked(account)
    assert remind_tomorrow(TODAY - dt.timedelta(days=1)) == 0
