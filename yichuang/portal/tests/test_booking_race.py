"""No slot is ever over-booked under concurrency (issue 6; R-29): real threads, real database
(PostgreSQL in CI, the SQLite file otherwise), all racing for the same slot at once."""

import datetime as dt

import pytest

from yichuang.common.errors import Conflict
from yichuang.common.testing import run_together

from ..models import Booking, Slot
from ..services import appointments
from .factories import logged_in_account
from .test_appointments import TOMORROW, quota_world

pytestmark = pytest.mark.django_db(transaction=True)
RACERS = 8


def test_racing_citizens_never_overbook_a_slot():
    world = quota_world(quota=33)  # 3 places in each half-hour slot
    slot = appointments.ensure_slots(world.site, world.version, TOMORROW)[0]
    accounts = [logged_in_account() for _ in range(RACERS)]
    results = run_together([lambda a=a: appointments.book(a, Slot.objects.get(pk=slot.pk)) for a in accounts])
    booked = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if isinstance(r, Conflict)]
    slot.refresh_from_db()
    assert (len(booked), len(refused)) == (slot.capacity, RACERS - slot.capacity), results
    assert slot.booked == slot.capacity == Booking.objects.filter(slot=slot, state="booked").count()


def test_a_cancel_racing_bookings_keeps_the_count_true():
    world = quota_world(quota=11)  # 1 place a slot
    slot = appointments.ensure_slots(world.site, world.version, TOMORROW + dt.timedelta(days=0))[0]
    first = logged_in_account()
    booking = appointments.book(first, slot)
    others = [logged_in_account() for _ in range(4)]
    calls = [lambda: appointments.cancel(first, booking)]
    calls += [lambda a=a: appointments.book(a, Slot.objects.get(pk=slot.pk)) for a in others]
    run_together(calls)
    slot.refresh_from_db()
    assert slot.booked == Booking.objects.filter(slot=slot, state="booked").count() <= slot.capacity


def test_one_person_racing_for_every_slot_of_a_day_gets_one():
    world = quota_world(quota=22)
    slots = appointments.ensure_slots(world.site, world.version, TOMORROW)[:RACERS]
    account = logged_in_account()
    results = run_together([lambda s=s: appointments.book(account, Slot.objects.get(pk=s.pk)) for s in slots])
    refused = [r.code for r in results if isinstance(r, Conflict)]
    assert refused == ["one_a_day"] * (RACERS - 1), results
    assert Booking.objects.filter(account=account, state="booked").count() == 1
    assert sum(Slot.objects.filter(pk__in=[s.pk for s in slots]).values_list("booked", flat=True)) == 1
