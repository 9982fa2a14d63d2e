"""A change's audit record and event written together (ledger/together.py, decision 0120):
the same chain and the same outbox row as `record` then `emit`, in fewer round trips on
PostgreSQL. Runs on both databases: SQLite takes the two functions, PostgreSQL the CTEs."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from yichuang.ledger import services
from yichuang.ledger.events import Event, PayloadMismatch
from yichuang.ledger.models import AuditRecord, ChainHead, OutboxEvent
from yichuang.ledger.selectors import verify_audit
from yichuang.ledger.together import record_and_emit

pytestmark = pytest.mark.django_db


def taken(stream: str, n: int, *, new_stream: bool = False, owner: str = "clerk1") -> AuditRecord:
    return record_and_emit(
        stream,
        "case.take",
        actor="clerk1",
        object_type="cases.Case",
        object_id=f"C-{n}",
        data={"n": n, "名称": "测试"},
        new_stream=new_stream,
        event=Event.CASE_TAKEN,
        payload={"case": f"C-{n}", "state": "review", "site": "S1", "owner": owner},
        key=f"C-{n}",
    )


def test_a_new_stream_starts_at_its_first_record_with_its_event():
    with transaction.atomic():
        rec = taken("case:A", 1, new_stream=True)
    stored = AuditRecord.objects.get(pk=rec.pk)
    assert (stored.seq, stored.prev_hash, stored.hash) == (1, "0" * 64, services.record_hash(stored))
    assert ChainHead.objects.get(stream="case:A").seq == 1
    event = OutboxEvent.objects.get(key="C-1")
    assert (event.topic, event.payload["owner"]) == (Event.CASE_TAKEN.value, "clerk1")
    assert verify_audit() is None


def test_a_stream_that_exists_already_is_appended_to_even_when_said_new():
    with transaction.atomic():
        services.record("case:B", "case.note", actor="clerk1")
        rec = taken("case:B", 2, new_stream=True)
    assert AuditRecord.objects.get(pk=rec.pk).seq == 2
    assert ChainHead.objects.get(stream="case:B").seq == 2
    assert OutboxEvent.objects.filter(key="C-2").count() == 1
    assert verify_audit() is None


def test_an_append_advances_the_head_and_links_to_the_previous_record():
    with transaction.atomic():
        first = taken("case:C", 1, new_stream=True)
        second = taken("case:C", 2)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert ChainHead.objects.get(stream="case:C").last_hash == second.hash
    assert OutboxEvent.objects.filter(key__in=["C-1", "C-2"]).count() == 2
    assert verify_audit() is None


def test_the_rows_are_those_record_and_emit_write():
    with transaction.atomic():
        together = taken("case:D", 1, new_stream=True)
        apart = services.record(
            "case:E",
            "case.take",
            actor="clerk1",
            object_type="cases.Case",
            object_id="C-1",
            data={"n": 1, "名称": "测试"},
            new_stream=True,
        )
        services.emit(Event.CASE_TAKEN, {"case": "C-1", "state": "review", "site": "S1", "owner": "clerk1"}, "C-1")
    fields = ("seq", "actor", "action", "object_type", "object_id", "data", "prev_hash")
    a, b = AuditRecord.objects.get(pk=together.pk), AuditRecord.objects.get(pk=apart.pk)
    assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields]
    rows = OutboxEvent.objects.filter(key="C-1").values_list("topic", "payload", "attempts", "delivered_at")
    assert len(set(map(str, rows))) == 1 and len(rows) == 2


def test_a_wrong_payload_writes_nothing():
    with pytest.raises(PayloadMismatch), transaction.atomic():
        taken("case:F", 1, new_stream=True, owner=7)
    assert not AuditRecord.objects.filter(stream="case:F").exists()
    assert not OutboxEvent.objects.filter(key="C-1").exists()


def test_postgresql_writes_a_new_streams_head_record_and_event_in_one_statement():
    with transaction.atomic(), CaptureQueriesContext(connection) as new:
        taken("case:G", 1, new_stream=True)
    with transaction.atomic(), CaptureQueriesContext(connection) as append:
        taken("case:G", 2)
    on_postgresql = connection.vendor == "postgresql"
    assert len(new) == (1 if on_postgresql else 3)  # SQLite: head, record, event
    assert len(append) == (2 if on_postgresql else 4)  # the head's lock, then the rest
