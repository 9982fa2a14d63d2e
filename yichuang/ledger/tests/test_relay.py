"""The outbox relay: each consumer gets each event once; failures are retried with backoff."""
import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from yichuang.ledger import relay, services
from yichuang.ledger.models import OutboxDelivery, OutboxEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(relay, "_consumers", {})
    return relay


def emit(topic="case.approve", **payload):
    with transaction.atomic():
        return services.emit(topic, payload or {"case": "X-1"})


def test_an_event_reaches_every_matching_consumer_once(registry):
    seen = []
    registry.consumer("case.")(lambda e: seen.append(("a", e.topic)))
    registry.consumer("case.approve", name="b")(lambda e: seen.append(("b", e.topic)))
    registry.consumer("seal.", name="c")(lambda e: seen.append(("c", e.topic)))
    event = emit()
    assert relay.relay_once() == 1
    assert relay.relay_once() == 0
    assert sorted(seen) == [("a", "case.approve"), ("b", "case.approve")]
    assert OutboxEvent.objects.get(pk=event.pk).delivered_at is not None


def test_a_failing_consumer_is_retried_with_backoff_and_the_others_are_not_rerun(registry):
    calls = {"ok": 0, "flaky": 0}

    def ok(event):
        calls["ok"] += 1

    def flaky(event):
        calls["flaky"] += 1
        if calls["flaky"] == 1:
            raise ConnectionError("receiver down")

    registry.consumer("case.", name="ok")(ok)
    registry.consumer("case.", name="flaky")(flaky)
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

    registry.consumer("case.", name="half")(half_done)
    emit()
    relay.relay_once()
    from yichuang.ledger.models import AuditRecord
    assert not AuditRecord.objects.filter(action="consumer.step").exists()
    assert not OutboxDelivery.objects.exists()


def test_backoff_doubles_and_is_capped_at_an_hour():
    assert [relay.backoff(n).total_seconds() for n in (1, 2, 3)] == [2, 4, 8]
    assert relay.backoff(30) == dt.timedelta(hours=1)
