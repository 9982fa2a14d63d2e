#!/usr/bin/env python
"""Bench: audit verification at county scale (issue 16 §5, decision 0070).

    .venv/bin/python bench/audit_verify.py [--cases 1000000] [--hours 24] [--records 4]
                                           [--url postgres://postgres@127.0.0.1:5432/yc_bench_audit]

Recreates the database of --url, migrates it, then writes a day of audit records: each case
gets --records records (received, accepted, review started, decided), the first half in the
hour it arrives and the rest in the next hour, so every hour both starts streams and moves
streams an earlier checkpoint anchored. The records are hashed exactly as `ledger.record`
hashes them and written with COPY (the bench measures verification, not intake); after each
hour the real `services.checkpoint()` anchors the streams that changed. Then the real
`verify_audit()` runs once over everything.

Prints each checkpoint's size (streams anchored, bytes of its JSON) and time, the
verification's time, records/s and peak memory, with the load average before and after
(the machine is shared: compare figures at similar load). Exits non-zero if verification
does not pass. The database is dropped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake import recreate_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/yc_bench_audit"
STEPS = [("case.received", "received"), ("case.accepted", "accepted"), ("case.review_started", "in_review")]
DECIDED = ("case.approve", "approved")
COLUMNS = ("stream", "seq", "created_at", "actor", "action", "object_type", "object_id", "data", "prev_hash", "hash")


def load() -> str:
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def case_records(number: str, per_case: int, first_hour: dt.datetime, second_hour: dt.datetime):
    """The records of one case in order: (fields of COLUMNS) with the chain's hashes."""
    from yichuang.ledger.services import GENESIS, hash_of

    prev = GENESIS
    for seq in range(1, per_case + 1):
        action, state = DECIDED if seq == per_case else STEPS[min(seq - 1, len(STEPS) - 1)]
        at = (first_hour if seq <= per_case // 2 else second_hour) + dt.timedelta(seconds=seq * 7)
        data = {"state": state, "step": action.split(".", 1)[1]}
        row = (f"case:{number}", seq, at, "clerk1", action, "cases.Case", number, data, prev)
        prev = hash_of(*row)
        yield (*row, prev)


def write_hour(conn, rows: list[tuple], heads: dict) -> None:
    """COPY one hour's records, then bring the chain heads of their streams up to date."""
    with conn.cursor() as cur:
        with cur.copy(f"COPY ledger_auditrecord ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for stream, seq, at, actor, action, otype, oid, data, prev, digest in rows:
                copy.write_row((stream, seq, at, actor, action, otype, oid, json.dumps(data), prev, digest))
                heads[stream] = (seq, digest)
        changed = {r[0] for r in rows}
        cur.execute("CREATE TEMP TABLE IF NOT EXISTS moved (stream text, seq bigint, last_hash text)")
        cur.execute("TRUNCATE moved")
        with cur.copy("COPY moved FROM STDIN") as copy:
            for stream in changed:
                copy.write_row((stream, *heads[stream]))
        cur.execute(
            "INSERT INTO ledger_chainhead (stream, seq, last_hash) SELECT stream, seq, last_hash FROM moved "
            "ON CONFLICT (stream) DO UPDATE SET seq = EXCLUDED.seq, last_hash = EXCLUDED.last_hash"
        )
    conn.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument("--records", type=int, default=4, help="audit records per case")
    parser.add_argument("--url", default=os.environ.get("BENCH_AUDIT_URL", DEFAULT_URL))
    parser.add_argument("--keep", action="store_true", help="leave the database for a second look")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
    os.environ.setdefault("YICHUANG_SEAL_KEY", "bench-only-seal-key")
    recreate_database(args.url)
    import django

    django.setup()
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    from yichuang.ledger import services
    from yichuang.ledger.selectors import verify_audit

    call_command("migrate", verbosity=0)
    print(f"{args.cases:,} cases × {args.records} records, {args.hours} hourly checkpoints — {load()}")
    day = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)
    heads: dict[str, tuple[int, str]] = {}
    pending: list[tuple] = []  # the second half of last hour's cases, written in this hour
    written, write_s, sizes = 0, 0.0, []
    with psycopg.connect(args.url) as conn:
        for hour in range(args.hours):
            began = time.perf_counter()
            first = day + dt.timedelta(hours=hour)
            lo, hi = args.cases * hour // args.hours, args.cases * (hour + 1) // args.hours
            rows, later = pending, []
            for i in range(lo, hi):
                second = first + dt.timedelta(hours=1) if hour + 1 < args.hours else first + dt.timedelta(minutes=30)
                records = list(case_records(f"YC2026{i:08d}", args.records, first, second))
                half = args.records // 2
                if hour + 1 < args.hours:
                    rows.extend(records[:half])
                    later.extend(records[half:])
                else:
                    rows.extend(records)
            write_hour(conn, rows, heads)
            pending, written, write_s = later, written + len(rows), write_s + time.perf_counter() - began
            began = time.perf_counter()
            cp = services.checkpoint()
            took = time.perf_counter() - began
            size = len(json.dumps(cp.heads, ensure_ascii=False, separators=(",", ":")).encode())
            sizes.append(size)
            print(
                f"  hour {hour + 1:2d}: {len(rows):>9,} records written, checkpoint {cp.pk}: "
                f"{len(cp.heads):>7,} streams, {size / 1e6:6.2f} MB, {took:5.2f} s"
            )
    connection.close()
    print(
        f"wrote {written:,} records in {write_s:.0f} s; checkpoints {sum(sizes) / 1e6:.1f} MB in all, "
        f"largest {max(sizes) / 1e6:.2f} MB — {load()}"
    )

    began = time.perf_counter()
    broken = verify_audit()
    took = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"verify_audit: {written:,} records, {len(heads):,} streams, {args.hours} checkpoints in {took:.1f} s "
        f"= {written / took:,.0f} records/s; peak memory {peak:.0f} MB — {load()}"
    )
    connection.close()
    if not args.keep:
        name = args.url.rsplit("/", 1)[1]
        with psycopg.connect(args.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if broken:
        sys.exit(f"verification failed: {broken.where}: {broken.reason}")
    print("verification passed")


if __name__ == "__main__":
    main()
