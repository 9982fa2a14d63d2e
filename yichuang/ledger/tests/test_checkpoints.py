"""Checkpoints anchor only the streams changed since the previous one, and verification reads
the ledger in a fixed number of queries however many streams and checkpoints there are
(issue 16 §5, decision 0070)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from yichuang.ledger import services
from yichuang.ledger.models import AuditCheckpoint, AuditRecord, ChainHead
from yichuang.ledger.selectors import verify_audit

pytestmark = pytest.mark.django_db


def write(stream: str, n: int = 1) -> list[AuditRecord]:
    with transaction.atomic():
        return [services.record(stream, "test.step", actor="clerk1", data={"i": i}) for i in range(n)]


def rewrite(stream: str, n: int) -> None:
    """Replace a stream's records and head with a new, self-consistent chain (a forger's work)."""
    AuditRecord.objects.filter(stream=stream)._raw_delete(AuditRecord.objects.db)
    ChainHead.objects.filter(stream=stream).delete()
    with transaction.atomic():
        for i in range(n):
            services.record(stream, "test.forged", actor="clerk1", data={"i": i})
    ChainHead.objects.filter(stream=stream).update(anchored_seq=n)  # hide it from the next checkpoint


def test_a_checkpoint_anchors_only_the_streams_changed_since_the_previous_one():
    write("case:1", 2)
    write("case:2")
    assert set(services.checkpoint().heads) == {"case:1", "case:2"}
    (latest,) = write("case:2")
    assert services.checkpoint().heads == {"case:2": [2, latest.hash]}


def test_a_checkpoint_with_nothing_changed_is_empty_and_still_chained():
    write("case:1")
    first = services.checkpoint()
    second = services.checkpoint()
    assert second.heads == {} and second.prev_digest == first.digest
    assert verify_audit() is None


def test_a_stream_rewritten_after_its_checkpoint_is_named_by_that_checkpoint():
    write("case:1", 3)
    write("case:2")
    anchored = services.checkpoint()
    write("case:2")
    services.checkpoint()
    rewrite("case:1", 3)
    broken = verify_audit()
    assert broken.where == f"审计检查点 id={anchored.pk}" and "case:1 第3条" in broken.reason


def test_a_stream_deleted_with_its_head_is_named_by_its_checkpoint():
    write("case:1", 2)
    anchored = services.checkpoint()
    AuditRecord.objects.filter(stream="case:1")._raw_delete(AuditRecord.objects.db)
    ChainHead.objects.filter(stream="case:1").delete()
    broken = verify_audit()
    assert broken.where == f"审计检查点 id={anchored.pk}" and "已不存在" in broken.reason


def test_an_altered_checkpoint_is_named():
    write("case:1")
    services.checkpoint()
    write("case:1")
    second = services.checkpoint()
    AuditCheckpoint.objects.filter(pk=second.pk).update(heads={})
    assert verify_audit().where == f"审计检查点 id={second.pk}"


def test_a_tampered_record_is_named_before_any_checkpoint():
    records = write("case:1", 2)
    services.checkpoint()
    AuditRecord.objects.filter(pk=records[0].pk).update(actor="someone-else")
    assert f"id={records[0].pk}" in verify_audit().where


def verification_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        assert verify_audit() is None
    return len(queries)


def test_verification_queries_do_not_grow_with_streams_or_checkpoints():
    write("case:0")
    services.checkpoint()
    small = verification_queries()
    for hour in range(3):
        for n in range(20):
            write(f"case:{hour}-{n}", 2)
        services.checkpoint()
    assert verification_queries() == small
