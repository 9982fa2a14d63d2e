#!/usr/bin/env python
"""Bench: intakes per second through the HTTP API (gunicorn, PostgreSQL), beside the same
writes as raw SQL — the physical limit of this machine (issue 3, "Done when").

    .venv/bin/python bench/intake.py [--clients 32] [--seconds 20] [--workers 5,4x2] [--sites 1]
                                     [--port 8765] [--show-sql]

1. Drops and creates the database of DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/yc_bench_intake), migrates, seeds a township with a
   published item (the test factories and catalogue services), its calendar, 1,000
   applicants and one clerk per client, each with a session made here (sessionid cookie +
   CSRF token). `--sites N` spreads the clients over N townships offering the same item.
2. Counts the SQL statements of one intake (Django test client, in process).
3. For each worker setting (`5`: sync workers; `4x2`: gthread workers x threads, keep-alive):
   starts gunicorn on 127.0.0.1:<port> (refusing a port something else already answers on) and drives POST /api/v1/cases/ from N client
   threads in a few processes (http.client; a unique Idempotency-Key per request) for the
   given seconds after a warm-up; CPU seconds of gunicorn and of the bench database's
   PostgreSQL backends are read from /proc over the measured window.
4. Runs the same writes as raw SQL with psycopg, one transaction per case, N clients, each in
   its own process (a Python thread holding the counter's row lock must not wait for the GIL
   of 31 others): sequence update, case, materials, audit chain head + record, outbox row;
   then again with the idempotency row too.
5. Prints intakes/s, p50/p95/p99 latency, errors and CPU per intake of each run, the ratio to
   raw SQL and the targets of issue 14 (>= 50% of raw SQL, p95 < 500 ms).
The machine's load average is printed before and after: figures from a shared machine are
only comparable at similar load. gunicorn is stopped at the end, also on error or Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import sys
from urllib.parse import urlparse

# bench/ is the script's folder. The helpers live in bench/_intake_*.py; the names other benches
# import from here are listed in __all__ and stay importable from here.
from _intake_load import drive, http_worker, percentiles, post_loop
from _intake_seed import DEFAULT_URL, intake_body, queries_per_intake, recreate_database, seed, seed_years
from _intake_server import HOST, ROOT, cpu_meter, start_gunicorn, stop, worker_label
from intake_raw import raw_worker

sys.path.insert(0, str(ROOT))  # this checkout's yichuang before an installed one, for the seed

__all__ = [
    "DEFAULT_URL",
    "HOST",
    "ROOT",
    "cpu_meter",
    "drive",
    "http_worker",
    "intake_body",
    "percentiles",
    "post_loop",
    "recreate_database",
    "seed",
    "seed_years",
    "show",
    "start_gunicorn",
    "stop",
    "worker_label",
]


def show(label: str, r: dict, unit: str = "intake") -> None:
    print(
        f"{label:<34} {r['rate']:8.1f}/s  p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  p99 {r['p99']:7.1f} ms"
        f"  ok {r['ok']}  errors {r['errors']}"
    )
    cpu = r.get("cpu_ms")
    if cpu:
        print(f"{'':<34} CPU per {unit}: gunicorn {cpu['django']:.1f} ms, postgres backends {cpu['postgres']:.1f} ms")
    for sample in r["samples"]:
        print(f"    e.g. {sample}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument(
        "--workers",
        default="5,4x2",
        help="gunicorn workers to try, comma-separated: 5 = five sync workers, 4x2 = four gthread "
        "workers of two threads (empty: raw SQL only)",
    )
    parser.add_argument("--sites", type=int, default=1, help="townships the clients are spread over (default: one)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--client-processes", type=int, default=4, help="processes the HTTP client threads run in")
    parser.add_argument("--show-sql", action="store_true", help="print the statements of one intake")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    database = urlparse(url).path.lstrip("/")
    os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "yichuang.settings", "LOG_LEVEL": "WARNING"})

    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; database {database}: recreating,"
        " migrating, seeding …",
        flush=True,
    )
    recreate_database(url)
    world = seed(args.clients, args.sites)
    statements = queries_per_intake(world)
    from django.db import connections

    connections.close_all()
    print(f"SQL statements per intake (Django stack, incl. session/auth and savepoints): {len(statements)}")
    if args.show_sql:
        print("\n".join(f"  {sql[:150]}" for sql in statements))

    results, process = {}, None
    try:
        for workers in [w.strip() for w in args.workers.split(",") if w.strip()]:
            process = start_gunicorn(url, workers, args.port)
            results[workers] = drive(
                http_worker(world, args.port),
                args.clients,
                args.client_processes,
                args.warmup,
                args.seconds,
                cpu_meter(process.pid, database),
            )
            stop(process)
            show(f"HTTP API, gunicorn {worker_label(workers)}", results[workers])
            print(f"{'':<34} load average {os.getloadavg()[0]:.2f}")
    finally:
        stop(process)
    raw = drive(raw_worker(url, world, False), args.clients, args.clients, 1, args.seconds)
    show("raw SQL (same writes)", raw)
    raw_idem = drive(raw_worker(url, world, True), args.clients, args.clients, 1, args.seconds)
    show("raw SQL + idempotency row", raw_idem)

    if not results:
        return
    best = max(results, key=lambda w: results[w]["rate"])
    rate, p95, cpu = results[best]["rate"], results[best]["p95"], results[best]["cpu_ms"]
    print(
        f"\nsites: {args.sites}; best: gunicorn {worker_label(best)}, {rate:.1f} intakes/s with {args.clients} "
        f"clients on {os.cpu_count()} cores = {rate / raw['rate']:.0%} of raw SQL ({raw['rate']:.1f}/s); "
        f"p95 {p95:.0f} ms; CPU per intake in gunicorn {cpu['django']:.1f} ms"
    )
    print(f"load average now {os.getloadavg()[0]:.2f}")
    print(
        f"targets (issue 14): >= 50% of raw SQL {'met' if rate >= 0.5 * raw['rate'] else 'MISSED'}; "
        f"p95 < 500 ms {'met' if p95 < 500 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
