"""The audit log is append-only and hash-chained; verification names the first broken record."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from yichuang.ledger import services
from yichuang.ledger.events import Event
from yichuang.ledger.models import AuditRecord, ChainHead, OutboxEvent
from yichuang.ledger.selectors import verify_audit

pytestmark = pytest.mark.django_db


def write(stream: str, n: int) -> list[AuditRecord]:
    with transaction.atomic():
        return [services.record(stream, "test.step", actor="clerk1", data={"i": i, "名称": "测试"}) for i in range(n)]


def test_each_record_links_to_the_previous_one_of_its_stream():
    first, second = write("case:1", 2)
    assert (first.seq, second.seq) == (1, 2)
    assert second.prev_hash == first.hash and first.prev_hash == "0" * 64


def test_streams_chain_independently():
    write("case:1", 2)
    (other,) = write("case:2", 1)
    assert other.seq == 1


def test_an_untouched_ledger_verifies():
    write("case:1", 3)
    write("case:2", 2)
    services.checkpoint()  # anchors both heads
    assert verify_audit() is None


def test_a_tampered_record_is_named():
    records = write("case:1", 3)
    AuditRecord.objects.filter(pk=records[1].pk).update(data={"i": 99})
    broken = verify_audit()
    assert f"id={records[1].pk}" in broken.where and "被改动" in broken.reason


def test_a_deleted_record_is_found_at_the_next_one():
    records = write("case:1", 3)
    AuditRecord.objects.filter(pk=records[1].pk)._raw_delete(AuditRecord.objects.db)
    broken = verify_audit()
    assert f"id={records[2].pk}" in broken.where


def test_a_truncated_stream_is_found_by_its_head():
    records = write("case:1", 3)
    AuditRecord.objects.filter(pk=records[2].pk)._raw_delete(AuditRecord.objects.db)
    assert "case:1" in verify_audit().where


def test_records_cannot_be_changed_or_deleted_through_the_orm():
    (rec,) = write("case:1", 1)
    rec.action = "forged"
    with pytest.raises(Exception) as excinfo:
        rec.save()
    assert excinfo.value.code == "audit_append_only"
    with pytest.raises(Exception):
        rec.delete()


@pytest.mark.django_db(transaction=True)
def test_ledger_writes_outside_a_transaction_are_refused():
    with pytest.raises(RuntimeError):
        services.record("case:1", "x")


def test_verify_audit_command_fails_naming_the_record():
    records = write("case:1", 2)
    AuditRecord.objects.filter(pk=records[0].pk).update(actor="someone-else")
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_audit")
    assert f"id={records[0].pk}" in str(excinfo.value)


def test_an_event_rolls_back_with_its_transaction():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        services.emit(Event.CASE_ACCEPTED, {"case": "X-1", "state": "accepted", "site": "S1", "due_date": "2026-01-05"})
        1 / 0
    assert not OutboxEvent.objects.exists()


def test_publishing_an_item_is_audited_and_announced():
    from yichuang.catalog import services as catalog
    from yichuang.catalog.tests.factories import publishable_draft

    version = catalog.publish(catalog.create_draft("330000000009", publishable_draft()), actor="admin")
    actions = list(AuditRecord.objects.filter(stream="item:330000000009").values_list("action", "actor"))
    assert actions == [("catalog.draft_created", "system"), ("catalog.published", "admin")]
    assert OutboxEvent.objects.get(topic="catalog.item_published").payload == {
        "item": "330000000009",
        "version": version.number,
    }


def test_a_new_stream_starts_with_its_head_already_at_the_first_record():
    with transaction.atomic():
        first = services.record("case:new", "test.start", actor="clerk1", data={"i": 0}, new_stream=True)
        second = services.record("case:new", "test.step", actor="clerk1", data={"i": 1})
    assert (first.seq, second.seq) == (1, 2) and second.prev_hash == first.hash and first.prev_hash == "0" * 64
    assert ChainHead.objects.get(stream="case:new").last_hash == second.hash
    assert verify_audit() is None


def test_a_stream_said_to_be_new_that_exists_is_appended_to_as_usual():
    (existing,) = write("case:old", 1)
    with transaction.atomic():
        rec = services.record("case:old", "test.again", actor="clerk1", new_stream=True)
    assert rec.seq == 2 and rec.prev_hash == existing.hash
    assert ChainHead.objects.get(stream="case:old").seq == 2
    assert verify_audit() is None
