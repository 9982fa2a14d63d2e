"""办件信息汇聚 (issue 17 §8; R-60, R-61): every case event reaches the real receiver process, once,
whatever the relay or the receiver does."""

import datetime as dt

import pytest
from django.test import Client

from yichuang.ledger.models import OutboxDeadLetter, OutboxEvent
from yichuang.provincial import services
from yichuang.provincial.models import SentRecord

from .factories import acceptance_of, accepted_case, relay_all

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def test_an_acceptance_reaches_the_receiver_once_even_when_relayed_twice(receiver, monkeypatch):
    case = accepted_case()
    accepted = str(acceptance_of(case).id)
    real = SentRecord.objects.get_or_create
    crashes = iter([True])

    def crash_after_the_send_once(**kwargs):  # the relay dies after the receiver answered
        if str(kwargs.get("record_id")) == accepted and next(crashes, False):
            raise RuntimeError("relay process lost after the send")
        return real(**kwargs)

    monkeypatch.setattr(SentRecord.objects, "get_or_create", crash_after_the_send_once)
    relay_all()
    relay_all(later=HOUR)  # the relay hands the acceptance over a second time

    held = [r for r in receiver.records() if r["record_id"] == accepted]
    assert len(held) == 1 and held[0]["stage"] == "受理" and held[0]["case_number"] == case.number
    assert SentRecord.objects.get(record_id=accepted).answer == SentRecord.Answer.DUPLICATE


def test_every_event_of_a_case_is_one_record_at_the_receiver(receiver):
    case = accepted_case()
    relay_all()
    events = OutboxEvent.objects.filter(payload__case=case.number)
    assert sorted(r["record_id"] for r in receiver.records()) == sorted(str(e.id) for e in events)
    assert len(receiver.records()) >= 2  # 收件 and 受理 at least


def test_a_receiver_that_is_down_gets_the_record_after_it_comes_back(receiver):
    receiver.stop()
    case = accepted_case()
    relay_all()
    event = acceptance_of(case)
    event.refresh_from_db()
    assert event.delivered_at is None and "ExchangeUnavailable" in event.last_error

    receiver.start()
    relay_all(later=HOUR)
    assert [r["record_id"] for r in receiver.records()].count(str(event.id)) == 1


def test_an_outage_past_every_attempt_is_a_dead_letter_on_healthz_then_sent_by_the_retry_job(receiver, settings):
    settings.YICHUANG_RELAY_MAX_ATTEMPTS = 2
    receiver.stop()
    case = accepted_case()
    relay_all()
    relay_all(later=HOUR)
    letter = OutboxDeadLetter.objects.get(event=acceptance_of(case), consumer="provincial.exchange")
    health = Client().get("/healthz")
    assert health.status_code == 503 and health.json()["relay"]["dead_letters"] >= 1

    assert services.retry_dead_letters() == 0  # still down: the job stops at the first failure
    receiver.start()
    assert services.retry_dead_letters() >= 1
    letter.refresh_from_db()
    assert letter.resolved_at is not None
    assert [r["record_id"] for r in receiver.records()].count(str(letter.event_id)) == 1


def test_with_no_exchange_configured_events_pass_and_nothing_is_sent(settings):
    settings.PROVINCIAL_EXCHANGE = {**settings.PROVINCIAL_EXCHANGE, "URL": ""}
    accepted_case()
    relay_all()
    assert not SentRecord.objects.exists()
    assert not OutboxEvent.objects.filter(delivered_at__isnull=True).exists()
