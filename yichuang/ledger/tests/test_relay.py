"""The outbox relay: each consumer gets each event once; failures are retried with backoff."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from yichuang.ledger import relay, services
from yichuang.ledger.events import Event
from yichuang.ledger.models import OutboxDelivery, OutboxEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(relay, "_consumers", {})
    return relay


def emit():
    with transaction.atomic():
        return services.emit(
            Event.CASE_APPROVED, {"case": "X-1", "state": "approved", "site": "S1", "decision": "granted"}
        )


def test_an_event_reaches_every_subscribed_consumer_once(registry):
    seen = []
    registry.consumer(Event.of_kind("case"), name="a")(lambda e: seen.append(("a", e.topic)))
    registry.consumer(Event.CASE_APPROVED, Event.CASE_DENIED, name="b")(lambda e: seen.append(("b", e.topic)))
    registry.consumer(Event.of_kind("seal"), name="c")(lambda e: seen.append(("c", e.topic)))
    event = emit()
    assert relay.relay_once() == 1
    assert relay.relay_once() == 0
    assert sorted(seen) == [("a", "case.approved"), ("b", "case.approved")]
    assert OutboxEvent.objects.get(pk=event.pk).delivered_at is not None


def test_a_stored_topic_no_member_has_stays_due_with_its_error(registry):
    registry.consumer(Event.of_kind("case"), name="all")(lambda e: None)
    event = OutboxEvent.objects.create(topic="case.approve", payload={"case": "X-1"})
    now = timezone.now()
    assert relay.relay_once(now=now) == 0
    event.refresh_from_db()
    assert event.delivered_at is None and "unknown topic 'case.approve'" in event.last_error
    assert event.available_at == now + dt.timedelta(seconds=2)


def test_a_failing_consumer_is_retried_with_backoff_and_the_others_are_not_rerun(registry):
    calls = {"ok": 0, "flaky": 0}

    def ok(event):
        calls["ok"] += 1

    def flaky(event):
        calls["flaky"] += 1
        if calls["flaky"] == 1:
            raise ConnectionError("receiver down")

    registry.consumer(Event.CASE_APPROVED, name="ok")(ok)
    registry.consumer(Event.CASE_APPROVED, name="flaky")(flaky)
    event = emit()
    now = timezone.now()
    assert relay.relay_once(now=now) == 0
    event.refresh_from_db()
    assert event.attempts == 1 and "receiver down" in event.last_error
    assert event.available_at == now + dt.timedelta(seconds=2)
    assert relay.relay_once(now=now) == 0  # not due yet
    assert relay.relay_once(now=now + dt.timedelta(seconds=3)) == 1
    assert calls == {"ok": 1, "flaky": 2}
    assert OutboxDelivery.objects.filter(event=event).count() == 2


def test_a_consumers_writes_roll_back_with_its_failure(registry):
    def half_done(event):
        with transaction.atomic():
            services.record("case:X-1", "consumer.step")
        raise RuntimeError("after writing")

    registry.consumer(Event.CASE_APPROVED, name="half")(half_done)
    emit()
    relay.relay_once()
    from yichuang.ledger.models import AuditRecord

    assert not AuditRecord.objects.filter(action="consumer.step").exists()
    assert not OutboxDelivery.objects.exists()


def test_backoff_doubles_and_is_capped_at_an_hour():
    assert [relay.backoff(n).total_seconds() for n in (1, 2, 3)] == [2, 4, 8]
    assert relay.backoff(30) == dt.timedelta(hours=1)
