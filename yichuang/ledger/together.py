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

import functools
from collections.abc import Callable
from dataclasses import dataclass

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
    if new_stream:
        return start_stream(
            stream,
            action,
            actor=actor,
            object_type=object_type,
            object_id=object_id,
            data=data,
            event=event,
            payload=payload,
            key=key,
        ).run()
    services._require_transaction()
    event = as_event(event)
    check_payload(event, payload)  # before anything is written, as `emit` checks it
    out = OutboxEvent(topic=event.value, payload=payload, key=key)
    head = services._locked_head(stream)
    rec = services._new_record(stream, action, actor, object_type, object_id, data, head.seq + 1, head.last_hash)
    _append_with_event(rec, head.pk, out)
    return rec


@dataclass
class StreamStart:
    """A new stream's head, its first record and an event, as CTEs (`h`, `a`, `o`) that may
    ride in another statement (`fastsql.insert_with_children(..., along=…)`: a new case with
    them, decision 0141) or be sent alone (`run`). The record is inserted only if the head was
    (`FROM h`): should the stream exist, nothing of the chain is written, `finish(None)`
    appends the record as usual; the event is written either way."""

    ctes: str
    params: list
    select: str  # the record's id, or NULL
    rec: AuditRecord
    out: OutboxEvent
    append: Callable[[], AuditRecord]

    def run(self) -> AuditRecord:
        with fastsql.bound_cursor() as cursor:
            cursor.execute(f"WITH {self.ctes} SELECT {self.select}", self.params)
            return self.finish(cursor.fetchone()[0])

    def finish(self, audit_id) -> AuditRecord:
        _emitted(self.out)
        if audit_id is None:
            return self.append()  # the stream existed after all
        return fastsql.saved(self.rec, audit_id)


def start_stream(
    stream: str, action: str, *, actor, object_type, object_id, data, event, payload, key: str = ""
) -> StreamStart:
    """The rows `record(new_stream=True)` then `emit` write, checked and hashed now, written by
    the statement that carries them (PostgreSQL only)."""
    services._require_transaction()
    event = as_event(event)
    check_payload(event, payload)  # before anything is written, as `emit` checks it
    out = OutboxEvent(topic=event.value, payload=payload, key=key)
    rec = services._new_record(stream, action, actor, object_type, object_id, data, 1, services.GENESIS)
    audit_insert, _row, audit_params = fastsql.insert_parts(rec)
    out_insert, out_row, out_params = fastsql.insert_parts(out)
    select = ", ".join(["%s"] * len(audit_params))
    return StreamStart(
        ctes=(
            f"h AS ({services._START}),"
            f" a AS ({audit_insert} SELECT {select} FROM h RETURNING id),"
            f" o AS ({out_insert} VALUES {out_row})"
        ),
        params=[rec.stream, rec.hash, *audit_params, *out_params],
        select="(SELECT id FROM a)",
        rec=rec,
        out=out,
        append=functools.partial(
            services.record, stream, action, actor=actor, object_type=object_type, object_id=object_id, data=data
        ),
    )


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
    with fastsql.bound_cursor() as cursor:
        cursor.execute(sql, [*audit_params, rec.seq, rec.hash, head_id, *out_params])
        fastsql.saved(rec, cursor.fetchone()[0])
    _emitted(out)


def _emitted(out: OutboxEvent) -> None:
    fastsql.saved(out)
    relay.wake_after_commit()  # as `services.emit`: delivered now, after the commit
