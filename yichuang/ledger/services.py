"""Writing to the ledger. Both functions must run inside the caller's transaction so that the
record and the event commit (or roll back) together with the change they describe."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from yichuang.common import fastsql

from . import relay
from .events import Event, as_event, check_payload
from .models import AuditCheckpoint, AuditRecord, ChainHead, OutboxEvent

GENESIS = "0" * 64
_HEAD = ChainHead._meta.db_table
_ADVANCE = f"UPDATE {_HEAD} SET seq = %s, last_hash = %s WHERE id = %s"


def canonical(*parts) -> bytes:
    return json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def record_hash(r: AuditRecord) -> str:
    return hash_of(r.stream, r.seq, r.created_at, r.actor, r.action, r.object_type, r.object_id, r.data, r.prev_hash)


def hash_of(stream, seq, created_at, actor, action, object_type, object_id, data, prev_hash) -> str:
    """A record's hash from its fields in table order (verification reads rows as tuples)."""
    created = created_at.astimezone(dt.timezone.utc).isoformat()
    payload = canonical(stream, seq, created, actor, action, object_type, object_id, data, prev_hash)
    return hashlib.sha256(payload).hexdigest()


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("ledger writes must happen inside the transaction of the change they record")


def _lock_head_sql() -> str:
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""  # SQLite: the write lock is held
    return f"SELECT id, seq, last_hash FROM {_HEAD} WHERE stream = %s{lock}"


def _locked_head(stream: str) -> ChainHead:
    with fastsql.bound_cursor() as cursor:  # fixed SQL: every audited action takes this lock
        cursor.execute(_lock_head_sql(), [stream])
        row = cursor.fetchone()
    if row is not None:
        return ChainHead(id=row[0], stream=stream, seq=row[1], last_hash=row[2])
    try:
        with transaction.atomic():
            return ChainHead.objects.create(stream=stream)
    except IntegrityError:  # another transaction created it first; wait for its lock
        return ChainHead.objects.select_for_update().get(stream=stream)


# A new stream's head is written already pointing at its first record: one statement instead of
# lock/create/update. If the stream exists after all, nothing is inserted and the usual locked
# append runs (ON CONFLICT waits for a concurrent creator's transaction first).
_START = f"INSERT INTO {_HEAD} (stream, seq, last_hash) VALUES (%s, 1, %s) ON CONFLICT (stream) DO NOTHING RETURNING id"


def _start_stream(rec: AuditRecord) -> bool:
    with fastsql.bound_cursor() as cursor:
        cursor.execute(_START, [rec.stream, rec.hash])
        return cursor.fetchone() is not None


def _new_record(stream, action, actor, object_type, object_id, data, seq, prev_hash) -> AuditRecord:
    rec = AuditRecord(
        stream=stream,
        seq=seq,
        created_at=timezone.now(),
        actor=actor or "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        data=data or {},
        prev_hash=prev_hash,
    )
    rec.hash = record_hash(rec)
    return rec


def record(
    stream: str,
    action: str,
    *,
    actor: str = "system",
    object_type: str = "",
    object_id: str = "",
    data: dict | None = None,
    new_stream: bool = False,
) -> AuditRecord:
    """Append one audit record to `stream`'s chain. Callers pass no personal numbers in `data`.

    `new_stream=True` says the stream is expected not to exist yet (e.g. a case just created):
    its head is inserted with this record as seq 1. Should it exist, the record is appended as usual."""
    _require_transaction()
    if new_stream:
        rec = _new_record(stream, action, actor, object_type, object_id, data, 1, GENESIS)
        if _start_stream(rec):
            return _append(rec)
    head = _locked_head(stream)
    rec = _new_record(stream, action, actor, object_type, object_id, data, head.seq + 1, head.last_hash)
    _append(rec)
    with fastsql.bound_cursor() as cursor:
        cursor.execute(_ADVANCE, [rec.seq, rec.hash, head.pk])
    return rec


def _append(rec: AuditRecord) -> AuditRecord:
    """INSERT a new record: the row `AuditRecord.save` would write, as a fixed statement
    (yichuang.common.fastsql). Append-only as ever: it only inserts, and the unique
    (stream, seq) refuses a second record at one place in the chain."""
    return fastsql.insert(rec)


def emit(event: Event, payload: dict, key: str = "") -> OutboxEvent:
    """Write an event to the outbox; it is delivered only after the transaction commits.
    A topic that is not an `Event` member, or a payload that is not the member's type, raises
    here, in the emitter's transaction (events.py)."""
    _require_transaction()
    event = as_event(event)
    check_payload(event, payload)
    relay.wake_after_commit()  # the task runner delivers it now (yichuang.ops.tasks)
    return fastsql.insert(OutboxEvent(topic=event.value, payload=payload, key=key))


def emit_many(event: Event, rows: list[tuple[dict, str]], batch_size: int = 1000) -> None:
    """`emit` for many (payload, key) pairs of one event in bulk INSERTs (a catalogue import)."""
    _require_transaction()
    event = as_event(event)
    for payload, _ in rows:
        check_payload(event, payload)
    OutboxEvent.objects.bulk_create(
        [OutboxEvent(topic=event.value, payload=payload, key=key) for payload, key in rows], batch_size=batch_size
    )
    relay.wake_after_commit()


def checkpoint_digest(heads: dict, prev_digest: str, created_at: dt.datetime) -> str:
    return hashlib.sha256(canonical(heads, prev_digest, created_at.astimezone(dt.timezone.utc).isoformat())).hexdigest()


# Heads that moved since the last checkpoint, marked anchored in the same statement: one pass over
# the heads table, and a rolled-back checkpoint leaves them to the next one (decision 0070).
_TAKE_CHANGED = f"UPDATE {_HEAD} SET anchored_seq = seq WHERE seq <> anchored_seq RETURNING stream, seq, last_hash"


@transaction.atomic
def checkpoint() -> AuditCheckpoint:
    """Anchor the head of every stream changed since the previous checkpoint in one record
    chained to it. The lock on the previous checkpoint makes two checkpoints take turns."""
    last = AuditCheckpoint.objects.select_for_update().order_by("-id").first()
    with connection.cursor() as cursor:
        cursor.execute(_TAKE_CHANGED)
        heads = {stream: [seq, last_hash] for stream, seq, last_hash in sorted(cursor.fetchall())}
    prev = last.digest if last else GENESIS
    now = timezone.now()
    return AuditCheckpoint.objects.create(
        created_at=now, heads=heads, prev_digest=prev, digest=checkpoint_digest(heads, prev, now)
    )
