"""The standard 办件信息 record (docs/provincial-exchange.md): every case event has one; the
ID number is masked; nothing of a record reaches the log."""

import logging

import pytest
from django.utils import timezone

from yichuang.cases.workflow import State
from yichuang.ledger.events import Event
from yichuang.ledger.models import OutboxEvent
from yichuang.ledger.relay import _consumers
from yichuang.provincial import records
from yichuang.provincial.consumers import NAME
from yichuang.provincial.protocol import REQUIRED

from .factories import acceptance_of, accepted_case, relay_all

pytestmark = pytest.mark.django_db


def test_every_case_event_has_a_stage_and_the_consumer_hears_every_one():
    assert set(records.STAGES) == set(Event.of_kind("case"))
    assert _consumers[NAME].topics == Event.of_kind("case")
    assert len({s.code for s in records.STAGES.values()}) == len(records.STAGES)  # one code per stage


def test_every_case_event_builds_a_record_with_every_required_data_item():
    case = accepted_case()
    for topic in Event.of_kind("case"):
        payload = {"case": case.number, "state": State.ACCEPTED.value}
        event = OutboxEvent(topic=topic.value, payload=payload, created_at=timezone.now())
        record = records.build(event, "county")
        missing = [name for name in REQUIRED if record.get(name) in (None, "")]
        assert missing == [], f"{topic}: {missing}"
        assert record["stage"] == records.STAGES[topic].name


def test_the_acceptance_record_carries_the_case_facts_the_province_asks_for():
    case = accepted_case()
    record = records.build(acceptance_of(case), "county")
    assert record["case_number"] == case.number
    assert record["basic_code"] == case.item.basic_code
    assert record["status"] == "已受理" and record["stage"] == "受理"
    assert record["accepted_at"].startswith(case.accepted_on.isoformat())
    assert record["due_date"] == case.due_date.isoformat()
    assert record["promised_days"] == case.item_version.promised_days


def test_a_citizens_id_number_is_masked_in_the_record():
    case = accepted_case()
    number = case.applicant.citizen_id
    record = records.build(acceptance_of(case), "county")
    assert record["applicant_id"] == number[:6] + "*" * 8 + number[-4:]
    assert number not in str(record)


def test_a_failed_send_logs_neither_the_name_nor_the_id_number(settings, caplog):
    settings.PROVINCIAL_EXCHANGE = {"URL": "http://127.0.0.1:9299", "KEY": "k", "SENDER": "county", "TIMEOUT": 1}
    case = accepted_case()
    with caplog.at_level(logging.DEBUG):
        relay_all()
    assert "provincial.exchange" in caplog.text
    assert case.applicant.citizen_id not in caplog.text and case.applicant.name not in caplog.text
    assert case.applicant.citizen_id not in acceptance_of(case).last_error
