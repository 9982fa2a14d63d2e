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
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake import ROOT, start_gunicorn, stop  # noqa: E402
from monday import Http, intake_body, seed  # noqa: E402


def _pg_bin() -> Path:
    """Debian's newest installed PostgreSQL server binaries (initdb, pg_ctl), or PG_BIN."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        sys.exit("faults.py needs PostgreSQL's server binaries: apt-get install postgresql")
    return found[-1].parent


PG_BIN = _pg_bin()
RETRY_FOR = 60.0  # a client keeps retrying one request this long before it gives up


# ---------------------------------------------------------------- a PostgreSQL of our own


class Cluster:
    def __init__(self, port: int):
        self.port, self.dir = port, Path(tempfile.mkdtemp(prefix="yc-faults-pg-"))
        self.data = self.dir / "data"
        self.url = f"postgres://postgres@127.0.0.1:{port}/yc_faults"

    def _as_owner(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        # initdb and pg_ctl refuse to run as root; the cluster belongs to the postgres account.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *args], check=check, capture_output=True, text=True)

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self._as_owner(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "log"),
            "-w",
            "-t",
            "60",
            *args,
        )

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._as_owner(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        self.pg_ctl("start")
        import psycopg

        with psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE yc_faults")

    def crash_and_restart(self) -> float:
        """An immediate shutdown (no checkpoint: recovery replays the WAL, as after a power cut)."""
        began = time.monotonic()
        self.pg_ctl("-m", "immediate", "restart")
        return time.monotonic() - began

    def destroy(self) -> None:
        self._as_owner(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------- processes under test


class Relay:
    """A worker delivering the outbox — `yichuang relay_outbox` by default, or the task runner
    (`run_huey`, bench/cluster.py) — restarted whenever it dies (killed, or its database went
    away), as systemd's Restart= does."""

    def __init__(self, url: str, command: tuple[str, ...] = ("relay_outbox", "--interval", "0.5")):
        self.url, self.command, self.process, self.restarts, self.stopping = url, command, None, 0, False
        self.thread = threading.Thread(target=self._supervise, daemon=True)

    def start(self) -> None:
        self._spawn()
        self.thread.start()

    def _spawn(self) -> None:
        env = {**os.environ, "DATABASE_URL": self.url, "LOG_LEVEL": "ERROR"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "yichuang.cli", *self.command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def _supervise(self) -> None:
        while not self.stopping:
            if self.process.poll() is not None and not self.stopping:
                time.sleep(1)  # as systemd's RestartSec
                self.restarts += 1
                self._spawn()
            time.sleep(0.2)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self) -> None:
        self.stopping = True
        stop(self.process)


def worker_pids(master: int) -> list[int]:
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(pid))
        except (OSError, IndexError, ValueError):
            continue
    return pids


# ---------------------------------------------------------------- clients that retry


class Ledger:
    """What the clients were told: acknowledged intakes (key → number) and accepts."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked: dict[tuple[int, str], str] = {}
        self.accepted: set[str] = set()
        self.requests = self.retries = self.gave_up = self.unexpected = 0
        self.samples: list[str] = []

    def note(self, **counts) -> None:
        with self.lock:
            for k, v in counts.items():
                setattr(self, k, getattr(self, k) + v)


def send_until_answered(http_, ledger: Ledger, path: str, body: str, key: str, ok: int, stop_at: float):
    """POST with one Idempotency-Key until the service answers (or RETRY_FOR passes): a lost
    answer, a killed worker, a database restarting — the client cannot tell whether the write
    happened, so it asks again with the same key and gets the stored answer or a first write."""
    began, delay = time.monotonic(), 0.1
    while True:
        status, data = http_.request("POST", path, body, key)
        ledger.note(requests=1)
        if status == ok:
            return json.loads(data)
        if status not in (0, 500, 502, 503, 504):
            ledger.note(unexpected=1)
            with ledger.lock:
                if len(ledger.samples) < 5:
                    ledger.samples.append(f"{status} {path} {data[:200]!r}")
            return None
        if time.monotonic() - began > RETRY_FOR or time.monotonic() > stop_at + RETRY_FOR:
            ledger.note(gave_up=1)
            return None
        ledger.note(retries=1)
        time.sleep(delay)
        delay = min(delay * 2, 2.0)


def clerk(world: dict, port: int, n: int, deadline: float, ledger: Ledger) -> None:
    http_ = Http(port, world["clerks"][n])
    user = world["clerks"][n]["user_id"]
    i = n * 1_000_000
    while time.monotonic() < deadline:
        i += 1
        key = uuid.uuid4().hex
        case = send_until_answered(http_, ledger, "/api/v1/cases/", intake_body(world, i), key, 201, deadline)
        if case is None:
            continue
        with ledger.lock:
            ledger.acked[(user, key)] = case["number"]
        if (
            send_until_answered(
                http_, ledger, f"/api/v1/cases/{case['number']}/accept/", "{}", uuid.uuid4().hex, 200, deadline
            )
            is not None
        ):
            with ledger.lock:
                ledger.accepted.add(case["number"])


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


# ---------------------------------------------------------------- the checks


def check(world: dict, ledger: Ledger, url: str) -> list[str]:
    from django.db import connections
    from django.db.models import Count

    from yichuang.cases.models import Case, CaseMaterial
    from yichuang.common.models import IdempotencyRecord
    from yichuang.ledger.models import AuditRecord, OutboxDelivery, OutboxEvent
    from yichuang.ledger.relay import consumers_for

    connections.close_all()  # the seed's connection died with the PostgreSQL restart
    problems, numbers = [], list(ledger.acked.values())
    cases = {c.number: c for c in Case.objects.filter(number__in=numbers)}
    if len(set(numbers)) != len(numbers):
        problems.append("two acknowledged keys got the same case number")
    missing = [n for n in numbers if n not in cases]
    if missing:
        problems.append(f"{len(missing)} acknowledged cases do not exist, e.g. {missing[:3]}")
    keys = IdempotencyRecord.objects.filter(method="POST", path="/api/v1/cases/")
    if keys.count() != Case.objects.count():
        problems.append(f"{Case.objects.count()} cases but {keys.count()} intake keys: a retry wrote twice")
    stored = {(r.user_id, r.key): json.loads(r.body)["number"] for r in keys}
    wrong = [k for k, n in ledger.acked.items() if stored.get(k) != n]
    if wrong:
        problems.append(f"{len(wrong)} keys answered a different case than stored")
    materials = len(world["materials"])
    short = (
        CaseMaterial.objects.values("case_id").annotate(n=Count("id")).exclude(n=materials).count()
        + Case.objects.exclude(pk__in=CaseMaterial.objects.values("case_id")).count()
    )
    if short:
        problems.append(f"{short} cases without all {materials} materials")
    all_numbers = set(Case.objects.values_list("number", flat=True))
    audited = set(AuditRecord.objects.filter(action="case.received").values_list("object_id", flat=True))
    evented = set(OutboxEvent.objects.filter(topic="case.received").values_list("key", flat=True))
    if all_numbers - audited or all_numbers - evented:
        problems.append(
            f"half-written: {len(all_numbers - audited)} cases without audit, "
            f"{len(all_numbers - evented)} without their event"
        )
    not_accepted = [n for n in ledger.accepted if Case.objects.get(number=n).state == "prereview"]
    if not_accepted:
        problems.append(f"{len(not_accepted)} acknowledged accepts not in the database")
    undelivered = OutboxEvent.objects.filter(delivered_at__isnull=True).count()
    if undelivered:
        errors = set(OutboxEvent.objects.filter(delivered_at__isnull=True).values_list("last_error", flat=True)[:50])
        problems.append(f"{undelivered} outbox events not delivered, e.g. {sorted(errors)[:2]}")
    deliveries = dict(OutboxDelivery.objects.values_list("event_id").annotate(n=Count("id")))
    wrong_count = [e.pk for e in OutboxEvent.objects.all() if deliveries.get(e.pk, 0) != len(consumers_for(e.topic))]
    if wrong_count:
        problems.append(f"{len(wrong_count)} events not delivered exactly once per consumer")
    verified = subprocess.run(
        [sys.executable, "-m", "yichuang.cli", "verify_audit"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url},
    )
    if verified.returncode != 0:
        problems.append(f"verify_audit failed: {verified.stderr.strip()[-300:]}")
    print(
        f"cases {len(all_numbers)} (acknowledged {len(numbers)}), accepted {len(ledger.accepted)}, "
        f"audit records {AuditRecord.objects.count()}, outbox events {OutboxEvent.objects.count()}, "
        f"deliveries {OutboxDelivery.objects.count()}; verify_audit: {verified.stdout.strip() or 'failed'}"
    )
    return problems


def wait_for_outbox(timeout: float) -> None:
    from django.db import connections

    from yichuang.ledger.models import OutboxEvent

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        connections.close_all()
        try:
            if not OutboxEvent.objects.filter(delivered_at__isnull=True).exists():
                return
        except Exception:  # the database may still be recovering: ask again
            pass
        time.sleep(1)


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
        problems = check(world, ledger, cluster.url)
        if ledger.unexpected:
            problems.append(f"{ledger.unexpected} unexpected answers (neither success nor a retryable failure)")
        if not ledger.acked:
            problems.append("no case was acknowledged: the load did not run")
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
