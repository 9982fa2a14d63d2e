"""A consumer that keeps failing is retried a capped number of times with exponential backoff,
then dead-lettered with its traceback; the operator retries it once from the admin (issue 16 §4)."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from yichuang.ledger import relay, services
from yichuang.ledger.events import Event
from yichuang.ledger.models import OutboxDeadLetter, OutboxDelivery, OutboxEvent
from yichuang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PAYLOAD = {"case": "X-1", "state": "approved", "site": "S1", "decision": "granted"}


@pytest.fixture
def registry(monkeypatch, settings):
    settings.YICHUANG_RELAY_MAX_ATTEMPTS = 3
    monkeypatch.setattr(relay, "_consumers", {})
    return relay


class Receiver:
    """A consumer whose partner system is down until `fixed`."""

    def __init__(self):
        self.calls, self.fixed = 0, False

    def __call__(self, event):
        self.calls += 1
        if not self.fixed:
            raise ConnectionError("licence store refused the connection")


def emit():
    with transaction.atomic():
        return services.emit(Event.CASE_APPROVED, PAYLOAD)


def relay_until_quiet(start):
    """Run the relay at each moment the event becomes due again (2 s, 4 s … later)."""
    now = start
    for _ in range(10):
        relay.relay_once(now=now)
        pending = OutboxEvent.objects.filter(delivered_at__isnull=True).first()
        if pending is None:
            return
        now = pending.available_at
    raise AssertionError("the relay kept retrying")


def test_a_failing_consumer_is_retried_up_to_the_cap_then_dead_lettered_with_its_traceback(registry):
    broken, ok = Receiver(), Receiver()
    ok.fixed = True
    registry.consumer(Event.CASE_APPROVED, name="licences")(broken)
    registry.consumer(Event.CASE_APPROVED, name="rollups")(ok)
    event = emit()
    relay_until_quiet(timezone.now())
    assert broken.calls == 3 and ok.calls == 1
    letter = OutboxDeadLetter.objects.get()
    assert (letter.event_id, letter.consumer, letter.attempts) == (event.pk, "licences", 3)
    assert "Traceback" in letter.traceback and "licence store refused the connection" in letter.traceback
    assert "Receiver.__call__" in letter.traceback or "__call__" in letter.traceback
    event.refresh_from_db()
    assert event.delivered_at is not None and event.last_error.startswith("死信")


def test_a_dead_lettered_event_is_not_retried_by_later_relays(registry):
    broken = Receiver()
    registry.consumer(Event.CASE_APPROVED, name="licences")(broken)
    emit()
    relay_until_quiet(timezone.now())
    relay.relay_once(now=timezone.now() + dt.timedelta(days=1))
    assert broken.calls == 3


def test_retry_from_the_admin_delivers_the_dead_letter_once(registry, client):
    broken = Receiver()
    registry.consumer(Event.CASE_APPROVED, name="licences")(broken)
    event = emit()
    relay_until_quiet(timezone.now())
    letter = OutboxDeadLetter.objects.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/ledger/outboxdeadletter/")
    assert page.status_code == 200 and "licences" in page.content.decode()

    broken.fixed = True
    for _ in range(2):  # the second press finds it resolved and does nothing
        response = client.post(
            "/admin/ledger/outboxdeadletter/", {"action": "retry", "_selected_action": [letter.pk]}, follow=True
        )
        assert response.status_code == 200
    assert broken.calls == 4
    assert OutboxDelivery.objects.filter(event=event, consumer="licences").count() == 1
    letter.refresh_from_db()
    assert letter.resolved_at is not None and letter.retries == 1


def test_a_retry_that_fails_again_keeps_the_letter_with_the_new_traceback(registry):
    broken = Receiver()
    registry.consumer(Event.CASE_APPROVED, name="licences")(broken)
    emit()
    relay_until_quiet(timezone.now())
    letter = OutboxDeadLetter.objects.get()
    with pytest.raises(relay.RetryFailed, match="licence store refused"):
        relay.retry_dead_letter(letter.pk)
    letter.refresh_from_db()
    assert letter.resolved_at is None and letter.retries == 1 and "Traceback" in letter.traceback
    assert not OutboxDelivery.objects.exists()
