"""The relay consumer that reports every case event to the provincial platform. It runs in the
relay's transaction with its `OutboxDelivery` row: the HTTP call happens first, then the
`SentRecord` row; a crash or rollback after the receiver stored the record makes the relay
send it again, and the receiver answers "duplicate" (the record id is the idempotency key), so
the province holds every record once. A receiver that is down makes the consumer raise: the
relay retries with backoff, then dead-letters it (visible on /healthz), and the
`retry_provincial` job hands dead letters back once the receiver answers again.

Off (every event passes, nothing is sent) while PROVINCIAL_EXCHANGE_URL is unset."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from yichuang.ledger.relay import consumer

from . import client, records
from .models import SentRecord

NAME = "provincial.exchange"


@consumer(records.CASE_EVENTS, name=NAME)
def report_case_event(event) -> None:
    if not client.enabled():
        return
    record = records.build(event, settings.PROVINCIAL_EXCHANGE["SENDER"])
    answer = client.client().send(record)
    SentRecord.objects.get_or_create(
        record_id=event.id,
        defaults={
            "case_number": record["case_number"],
            "stage": record["stage"],
            "occurred_on": dt.date.fromisoformat(record["occurred_on"]),
            "answer": answer,
        },
    )
