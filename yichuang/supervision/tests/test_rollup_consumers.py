"""Rollups are counted exactly once per event (R-54): the relay's delivery row commits with the
counter update, so a retried event or a second relay run never adds twice."""

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Sum

from yichuang.cases import services
from yichuang.cases.tests.factories import make_world
from yichuang.ledger import relay
from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event
from yichuang.ledger.models import OutboxEvent
from yichuang.org.tests.factories import PostFactory, WindowFactory
from yichuang.supervision.models import DailyRollup, MonthlyRollup

from .helpers import approved_case, drain, new_case, online_case

pytestmark = pytest.mark.django_db


def total(metric, model=DailyRollup):
    return model.objects.aggregate(n=Sum(metric))["n"] or 0


def test_an_event_is_counted_once_however_often_the_relay_runs():
    world = make_world()
    new_case(world)
    drain()
    relay.relay_once()
    relay.relay_once(now=dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc))
    assert total("received") == 1 and total("received", MonthlyRollup) == 1


def test_a_failing_sibling_consumer_retries_the_event_without_counting_it_twice(monkeypatch):
    world = make_world()
    failing = relay.Consumer("test.failing", frozenset({Event.CASE_RECEIVED}), _fail)
    monkeypatch.setitem(relay._consumers, "test.failing", failing)
    new_case(world)
    relay.relay_once()
    event = OutboxEvent.objects.get(topic=Event.CASE_RECEIVED)
    assert event.delivered_at is None and "test.failing" in event.last_error
    relay.relay_once(now=event.available_at + dt.timedelta(seconds=1))
    assert total("received") == 1


def _fail(event):
    raise RuntimeError("down")


def test_a_counter_and_its_delivery_row_roll_back_together(monkeypatch):
    """If the consumer's transaction fails after counting, neither the count nor the delivery stays."""
    world = make_world()
    new_case(world)
    from yichuang.ledger.models import OutboxDelivery

    original = OutboxDelivery.objects.create

    def create_then_fail(**kw):
        if kw.get("consumer") == "supervision.rollups":
            raise RuntimeError("crash after counting")
        return original(**kw)

    monkeypatch.setattr(OutboxDelivery.objects, "create", create_then_fail)
    relay.relay_once()
    assert total("received") == 0
    monkeypatch.undo()
    relay.relay_once(now=dt.datetime(2026, 6, 16, tzinfo=dt.timezone.utc))
    assert total("received") == 1


def test_case_counters_carry_site_window_staff_and_item():
    world = make_world()
    window = WindowFactory(site=world.site)
    PostFactory(window=window, staff=world.clerk)
    approved_case(world)
    drain()
    row = DailyRollup.objects.get(received=1)
    assert (row.site_id, row.window_id, row.staff_id, row.item_id) == (
        world.site.pk,
        window.pk,
        world.clerk.pk,
        world.version.item_id,
    )


def test_an_online_application_counts_as_online_with_no_visit_needed():
    world = make_world()
    online_case(world)  # from the hall: a window intake may no longer claim the online channel
    drain()
    assert (total("received"), total("online")) == (1, 1)


def emit(topic, payload):
    with transaction.atomic():
        ledger.emit(topic, payload)


def test_evaluations_add_satisfaction_and_count_bad_reviews():
    world = make_world()
    for level in (5, 4, 1):
        emit(
            Event.FEEDBACK_EVALUATED,
            {
                "evaluation": level,
                "site": world.site.code,
                "case": None,
                "window": None,
                "staff": world.clerk.username,
                "level": level,
                "channel": "window",
                "at": "2026-06-15T10:00:00+08:00",
            },
        )
    drain()
    assert (total("evaluations"), total("satisfaction_points"), total("bad_reviews")) == (3, 10, 1)
    assert DailyRollup.objects.filter(staff_id=world.clerk.pk, day=dt.date(2026, 6, 15)).exists()


def test_rectification_tickets_count_opened_closed_and_on_time():
    world = make_world()
    emit(
        Event.FEEDBACK_TICKET_OPENED,
        {"ticket": 1, "site": world.site.code, "source": "bad_review", "due_on": "2026-06-20"},
    )
    emit(
        Event.FEEDBACK_TICKET_CLOSED,
        {"ticket": 1, "site": world.site.code, "source": "bad_review", "closed_on": "2026-06-18", "on_time": True},
    )
    drain()
    assert (total("tickets_opened"), total("tickets_closed"), total("tickets_on_time")) == (1, 1, 1)


def test_an_online_application_is_counted_at_no_window():
    world = make_world()
    PostFactory(window=WindowFactory(site=world.site), staff=world.clerk)
    online_case(world)
    drain()
    assert DailyRollup.objects.get(received=1).window_id == 0


def test_an_online_application_is_counted_as_received_without_staff():
    world = make_world()
    online_case(world)
    drain()
    row = DailyRollup.objects.get()
    assert (row.received, row.online, row.window_id, row.staff_id) == (1, 1, 0, 0)


def test_an_online_receipt_stays_uncredited_when_a_clerk_takes_the_case_before_the_relay_runs():
    world = make_world()
    services.prereview_accept(online_case(world), world.clerk)
    drain()
    received = DailyRollup.objects.get(received=1)
    accepted = DailyRollup.objects.get(accepted=1)
    assert (received.staff_id, accepted.staff_id) == (0, world.clerk.pk)
