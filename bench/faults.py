#!/usr/bin/env python
"""Faults under load (issue 8, `make faults`): kill -9 app workers and the outbox relay, crash
PostgreSQL, while clerks keep taking cases and retry with their Idempotency-Keys. Then prove:

1. every acknowledged case exists exactly once (one case per key, the number the client got);
2. none is half-written: each case has all its materials, its audit record and its event;
3. `yichuang verify_audit` passes;
4. the outbox delivered every event, once per consumer.

    .venv/bin/python bench/faults.py [--seconds 60] [--clerks 6] [--workers 3] [--port 8768]

PostgreSQL is a cluster of its own, made here with initdb in a temporary folder on port 55432
(never the shared one on 5432, which other test runs use) and removed at the end. gunicorn's
master restarts killed workers, as in production; a small supervisor restarts the relay as
systemd would. Exits non-zero when a check fails. CI: `make faults FAULTS_ARGS=--seconds=45`.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _faults_checks import check, client_problems, wait_for_outbox  # noqa: E402
from _faults_clients import Ledger, clerk  # noqa: E402
from _faults_processes import Cluster, Relay, worker_pids  # noqa: E402
from intake import start_gunicorn, stop  # noqa: E402
from monday import seed  # noqa: E402


def chaos(master: int, cluster: Cluster, relay: Relay, seconds: float, events: list) -> None:
    """Kill a worker every sixth of the run, the relay at a third, PostgreSQL at half."""
    rng, start = random.Random(8), time.monotonic()
    plan = sorted(
        [(seconds * k / 6, "worker") for k in range(1, 6)] + [(seconds / 3 + 1, "relay"), (seconds / 2 + 1, "postgres")]
    )
    for at, what in plan:
        time.sleep(max(0.0, start + at - time.monotonic()))
        if what == "worker":
            pids = worker_pids(master)
            if pids:
                os.kill(rng.choice(pids), signal.SIGKILL)
                events.append(f"{at:5.1f}s kill -9 gunicorn worker")
        elif what == "relay":
            relay.kill()
            events.append(f"{at:5.1f}s kill -9 outbox relay")
        else:
            took = cluster.crash_and_restart()
            events.append(f"{at:5.1f}s PostgreSQL immediate shutdown + restart ({took:.1f} s down)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clerks", type=int, default=6)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8768)
    parser.add_argument("--pg-port", type=int, default=55432)
    args = parser.parse_args()

    cluster = Cluster(args.pg_port)
    # The faults make gunicorn and the relay log tracebacks by design (a dead database is an
    # error to them): they go to a file, the verdict to the terminal.
    log_path = Path(tempfile.gettempdir()) / f"yc-faults-{os.getpid()}.log"
    terminal = os.fdopen(os.dup(2), "w")
    os.dup2(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
    print(f"server logs: {log_path}", file=terminal, flush=True)
    os.environ.update(
        {
            "DATABASE_URL": cluster.url,
            "DJANGO_SETTINGS_MODULE": "yichuang.settings",
            "LOG_LEVEL": "CRITICAL",
            "CONN_MAX_AGE": "600",
        }
    )
    gunicorn = relay = None
    started = time.monotonic()
    try:
        print(f"load average {os.getloadavg()[0]:.2f}; PostgreSQL of our own on port {args.pg_port} …", flush=True)
        cluster.create()
        world = seed(args.clerks, 0, 0, pages=False)  # the API only
        print(f"seeded in {time.monotonic() - started:.0f} s; {args.seconds:.0f} s of load with faults …", flush=True)
        gunicorn = start_gunicorn(cluster.url, args.workers, args.port)
        relay = Relay(cluster.url)
        relay.start()
        ledger, events = Ledger(), []
        deadline = time.monotonic() + args.seconds
        clients = [
            threading.Thread(target=clerk, args=(world, args.port, i, deadline, ledger)) for i in range(args.clerks)
        ]
        chaos_thread = threading.Thread(target=chaos, args=(gunicorn.pid, cluster, relay, args.seconds, events))
        began = time.monotonic()
        for t in [*clients, chaos_thread]:
            t.start()
        for t in [*clients, chaos_thread]:
            t.join()
        elapsed = time.monotonic() - began
        wait_for_outbox(120)
        relay.stop()
        stop(gunicorn)
        print("\n".join(events))
        print(
            f"{elapsed:.0f} s: {ledger.requests} requests, {ledger.retries} retries with the same key, "
            f"{ledger.gave_up} gave up, {ledger.unexpected} unexpected answers; relay restarted {relay.restarts}×"
        )
        for sample in ledger.samples:
            print(f"    e.g. {sample}")
        problems = check(world, ledger, cluster.url) + client_problems(ledger)
        print("FAULTS: " + ("all checks passed" if not problems else "FAILED\n  " + "\n  ".join(problems)))
        return 1 if problems else 0
    finally:
        if relay:
            relay.stop()
        stop(gunicorn)
        from django.db import connections

        connections.close_all()
        cluster.destroy()


if __name__ == "__main__":
    sys.exit(main())
