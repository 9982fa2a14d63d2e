"""A change's audit record and its outbox event in one round trip (issue 14 §5, decision 0120).

Every case write ends with the same few statements: the audit chain's head (inserted for a new
stream, or locked and advanced), the audit record, the outbox row. On PostgreSQL the ones that
do not need an answer first are sent as one statement — data-modifying CTEs, which run
together in the statement's transaction, all or nothing — instead of three round trips, each
parsed, planned and answered on its own. The rows are exactly those `services.record` and
`services.emit` write (the same instances, hashes and checks); SQLite, which has no
data-modifying CTEs, gets those two functions one after the other.
"""

from __future__ import annotations

from django.db import connection

from yichuang.common import fastsql

from . import relay, services
from .events import Event, as_event, check_payload
from .models import AuditRecord, OutboxEvent


def record_and_emit(
    stream: str,
    action: str,
    *,
    actor: str,
    object_type: str,
    object_id: str,
    data: dict,
    event: Event,
    payload: dict,
    key: str = "",
    new_stream: bool = False,
) -> AuditRecord:
    """`services.record(stream, action, …)` then `services.emit(event, payload, key)`, in fewer
    round trips where the database allows it."""
    if connection.vendor != "postgresql":
        rec = services.record(
            stream, action, actor=actor, object_type=object_type, object_id=object_id, data=data, new_stream=new_stream
        )
        services.emit(event, payload, key=key)
        return rec
    services._require_transaction()
    event = as_event(event)
    check_payload(event, payload)  # before anything is written, as `emit` checks it
    out = OutboxEvent(topic=event.value, payload=payload, key=key)
    if new_stream:
        rec = services._new_record(stream, action, actor, object_type, object_id, data, 1, services.GENESIS)
        if _start_with_record(rec, out):
            return rec
        # The stream existed after all: the outbox row is written; append the record as usual.
        return services.record(stream, action, actor=actor, object_type=object_type, object_id=object_id, data=data)
    head = services._locked_head(stream)
    rec = services._new_record(stream, action, actor, object_type, object_id, data, head.seq + 1, head.last_hash)
    _append_with_event(rec, head.pk, out)
    return rec


def _start_with_record(rec: AuditRecord, out: OutboxEvent) -> bool:
    """A new stream's head, its first record and the event in one statement. The record is
    inserted only if the head was (`FROM h`): should the stream exist, nothing of the chain is
    written and False is returned; the event is written either way."""
    audit_insert, _row, audit_params = fastsql.insert_parts(rec)
    out_insert, out_row, out_params = fastsql.insert_parts(out)
    select = ", ".join(["%s"] * len(audit_params))
    sql = (
        f"WITH h AS ({services._START}),"
        f" a AS ({audit_insert} SELECT {select} FROM h RETURNING id),"
        f" o AS ({out_insert} VALUES {out_row})"
        " SELECT (SELECT id FROM a)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [rec.stream, rec.hash, *audit_params, *out_params])
        audit_id = cursor.fetchone()[0]
    _emitted(out)
    if audit_id is None:
        return False
    fastsql.saved(rec, audit_id)
    return True


def _append_with_event(rec: AuditRecord, head_id: int, out: OutboxEvent) -> None:
    """The record, the head's advance (its row locked by the caller) and the event: one statement."""
    audit_insert, audit_row, audit_params = fastsql.insert_parts(rec)
    out_insert, out_row, out_params = fastsql.insert_parts(out)
    sql = (
        f"WITH a AS ({audit_insert} VALUES {audit_row} RETURNING id),"
        f" u AS ({services._ADVANCE}),"
        f" o AS ({out_insert} VALUES {out_row})"
        " SELECT (SELECT id FROM a)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*audit_params, rec.seq, rec.hash, head_id, *out_params])
        fastsql.saved(rec, cursor.fetchone()[0])
    _emitted(out)


def _emitted(out: OutboxEvent) -> None:
    fastsql.saved(out)
    relay.wake_after_commit()  # as `services.emit`: delivered now, after the commit
