"""The raw-SQL baseline of bench/intake.py: the same writes as one API intake (counter, case,
materials, audit chain head + record, outbox row, optionally the idempotency row), one
psycopg transaction per case — the physical limit of this machine for intake."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
import uuid


def raw_worker(url: str, world: dict, with_idempotency: bool):
    import psycopg
    from psycopg.types.json import Jsonb

    def work(i: int, deadline: float, record) -> None:
        session = world["sessions"][i]
        with psycopg.connect(url) as conn:
            conn.execute(
                "INSERT INTO cases_casesequence (site_id, day, last) VALUES (%s, %s, 0) ON CONFLICT DO NOTHING",
                (session["site_id"], dt.date.today()),
            )
            conn.commit()
            n = i * 1_000_000
            while time.monotonic() < deadline:
                began = time.monotonic()
                n += 1
                try:
                    with conn.transaction():
                        raw_intake(conn, world, session, n, with_idempotency, Jsonb)
                    record(began, True)
                except psycopg.Error as exc:
                    record(began, False, repr(exc))

    return work


def raw_intake(conn, world: dict, session: dict, n: int, with_idempotency: bool, Jsonb) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    day = dt.date.today()
    last = conn.execute(
        "UPDATE cases_casesequence SET last = last + 1 WHERE site_id = %s AND day = %s RETURNING last",
        (session["site_id"], day),
    ).fetchone()[0]
    number = f"{session['site_code']}-{day:%Y%m%d}-{last:04d}"
    case_id = conn.execute(
        "INSERT INTO cases_case (number, site_id, home_site_id, item_id, item_version_id, applicant_id, transfer_mode,"
        " channel, state, owner_id, form_data, rule_results, received_at, suspended_days, extended_days, decision,"
        " decision_reason, decision_basis, visits) VALUES (%s, %s, %s, %s, %s, %s, 'none', 'window', 'prereview', %s,"
        " %s, %s, %s, 0, 0, '', '', '', 1) RETURNING id",
        (
            number,
            session["site_id"],
            world["home_site_id"],
            world["item_id"],
            world["version_id"],
            world["applicants"][n % len(world["applicants"])],
            session["user_id"],
            Jsonb({"applicant": {"age": 85}}),
            Jsonb([{"rule_id": 1, "sentence": "申请人年满80周岁", "passed": True, "message": "符合"}]),
            now,
        ),
    ).fetchone()[0]
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO cases_casematerial (case_id, material_id, status, note) VALUES (%s, %s, 'received', '')",
            [(case_id, pk) for pk in world["materials"]],
        )
    stream = f"case:{number}"
    data = {"state": "prereview", "item": world["basic_code"], "version": 1, "transfer": "none", "missing": 0}
    digest = hashlib.sha256(
        json.dumps(
            [stream, 1, now.isoformat(), "clerk", "case.received", data, "0" * 64], ensure_ascii=False, sort_keys=True
        ).encode()
    ).hexdigest()
    conn.execute("INSERT INTO ledger_chainhead (stream, seq, last_hash) VALUES (%s, 1, %s)", (stream, digest))
    conn.execute(
        "INSERT INTO ledger_auditrecord (stream, seq, created_at, actor, action, object_type, object_id, data,"
        " prev_hash, hash) VALUES (%s, 1, %s, 'clerk', 'case.received', 'cases.Case', %s, %s, %s, %s)",
        (stream, now, number, Jsonb(data), "0" * 64, digest),
    )
    conn.execute(
        "INSERT INTO ledger_outboxevent (id, topic, key, payload, created_at, available_at, attempts,"
        " last_error) VALUES (%s, 'case.received', %s, %s, %s, %s, 0, '')",
        (uuid.uuid4(), number, Jsonb({"case": number, **data}), now, now),
    )
    if with_idempotency:
        conn.execute(
            "INSERT INTO cases_idempotencyrecord (user_id, key, method, path, fingerprint, status_code, body,"
            " created_at) VALUES (%s, %s, 'POST', '/api/v1/cases/', %s, 201, %s, %s)",
            (session["user_id"], uuid.uuid4().hex, digest, json.dumps({"number": number}), now),
        )
