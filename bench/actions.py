#!/usr/bin/env python
"""Bench: the workflow actions after intake through the HTTP API (gunicorn, PostgreSQL), each
measured as bench/intake.py measures intake (issue 14 §5). Shares its seed and load code.

    .venv/bin/python bench/actions.py [--clients 32] [--cases 40] [--seconds 20] [--workers 5]
                                      [--port 8766]

1. Recreates the database of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/yc_bench_actions)
   and seeds it as bench/intake.py does, plus one approver of the item's department per client.
2. Starts gunicorn once and runs the phases one after the other, N clients each (client i as
   clerk i, or as approver i for review), every request with its own Idempotency-Key:
   intake (`--cases` per client; the cases the later phases work on), accept, start-review,
   approve, prepare-delivery, deliver ({"method": "window"}). A phase acts on the cases the
   phase before moved on, and ends when they run out or after `--seconds`.
3. Prints per action: rate, p50/p95/p99, errors, and CPU per action of gunicorn and of the
   bench database's PostgreSQL backends, with the load average beside each.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake import (  # noqa: E402  (bench/ is the script's folder)
    cpu_meter,
    drive,
    http_worker,
    post_loop,
    recreate_database,
    seed,
    show,
    start_gunicorn,
    stop,
    worker_label,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/yc_bench_actions"

# (action, who, body): each phase runs its action on every case the intake phase made.
PHASES = [
    ("accept", "clerk", {}),
    ("start-review", "approver", {}),
    ("approve", "approver", {"opinion": ""}),
    ("prepare-delivery", "clerk", {}),
    ("deliver", "clerk", {"method": "window"}),
]


def action_worker(world: dict, port: int, numbers: dict[int, list[str]], slug: str, who: str, body: dict):
    text = json.dumps(body)

    def work(i: int, deadline: float, record) -> None:
        session = world["sessions"][i] if who == "clerk" else world["approvers"][i]
        post_loop(
            port,
            session,
            ((f"/api/v1/cases/{n}/{slug}/", text) for n in numbers.get(i, [])),
            deadline,
            record,
            keep=lambda data: (i, json.loads(data)["number"]),
        )

    return work


def by_client(results: list[tuple[int, str]]) -> dict[int, list[str]]:
    numbers: dict[int, list[str]] = {}
    for client, number in results:
        numbers.setdefault(client, []).append(number)
    return numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--cases", type=int, default=40, help="cases each client takes in, then acts on")
    parser.add_argument("--seconds", type=float, default=20, help="at most this long per phase")
    parser.add_argument("--workers", default="5", help="gunicorn workers: 5 = sync, 4x2 = gthread (see intake.py)")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--client-processes", type=int, default=4)
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
    world = seed(args.clients, 1, approvers=args.clients)
    from django.db import connections

    connections.close_all()
    process = None
    try:
        process = start_gunicorn(url, args.workers, args.port)
        meter = cpu_meter(process.pid, database)
        print(f"gunicorn {worker_label(args.workers)}; {args.clients} clients")
        intake = drive(
            http_worker(world, args.port, per_client=args.cases, keep_numbers=True),
            args.clients,
            args.client_processes,
            0,
            600,
            meter,
        )
        show("intake", intake)
        print(f"{'':<34} load average {os.getloadavg()[0]:.2f}")
        numbers = by_client(intake.pop("results"))
        summary = [("intake", intake)]
        for slug, who, body in PHASES:  # each phase acts on the cases the one before it moved on
            result = drive(
                action_worker(world, args.port, numbers, slug, who, body),
                args.clients,
                args.client_processes,
                0,
                args.seconds,
                meter,
            )
            numbers = by_client(result.pop("results"))
            show(f"{slug} ({who})", result, unit="action")
            print(f"{'':<34} load average {os.getloadavg()[0]:.2f}")
            summary.append((slug, result))
    finally:
        stop(process)
    print(
        f"\n{'action':<18} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'CPU gunicorn ms':>16} {'CPU pg ms':>10}"
    )
    for slug, r in summary:
        print(
            f"{slug:<18} {r['rate']:7.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['errors']:7d} "
            f"{r['cpu_ms']['django']:16.1f} {r['cpu_ms']['postgres']:10.1f}"
        )
    print(f"load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
