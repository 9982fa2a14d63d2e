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
import datetime as dt
import http.client
import itertools
import json
import multiprocessing
import os
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from intake_raw import raw_worker  # noqa: E402  (bench/ is the script's folder)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/yc_bench_intake"
HOST = "127.0.0.1"


# ---------------------------------------------------------------- database and seed


def seed_years(year: int) -> None:
    """This year from the calendar library, and the next (a due date in December lands in
    January). A year the library does not know yet gets the Monday–Friday rule, as an
    administrator would enter it before its holidays are published: enough for a bench."""
    from yichuang.org.calendar import library_years
    from yichuang.org.models import CalendarYear
    from yichuang.org.services import seed_calendar_from_library

    first, last = library_years()
    seed_calendar_from_library([y for y in (year, year + 1) if first <= y <= last])
    for y in (year, year + 1):
        if not first <= y <= last:
            CalendarYear.objects.get_or_create(year=y, defaults={"source": "bench: Monday–Friday rule"})


def recreate_database(url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seed(clients: int, sites: int, approvers: int = 0) -> dict:
    """Migrate and seed; returns what the load needs (ids, sessions, tokens). Client i works at
    site i % sites (one township by default: every intake takes a number from one counter).
    `approvers`: that many approvers of the item's department at its home site as well
    (bench/actions.py), in `approvers`."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from yichuang.cases.tests.factories import make_world
    from yichuang.catalog.services import implement_at
    from yichuang.org.models import StaffRole, User
    from yichuang.org.tests.factories import StaffRoleFactory, TownshipSiteFactory, UserFactory
    from yichuang.people.models import Applicant
    from yichuang.people.tests.factories import make_citizen_id

    call_command("migrate", verbosity=0)
    world = make_world()
    seed_years(dt.date.today().year)
    applicants = Applicant.objects.bulk_create(
        [
            Applicant(kind="natural", name=f"申请人{n}", citizen_id=make_citizen_id(10_000 + n), phone=f"139{n:08d}")
            for n in range(1000)
        ]
    )
    townships = [world.site] + [TownshipSiteFactory(parent=world.site.parent) for _ in range(sites - 1)]
    for township in townships[1:]:
        implement_at(township, world.version)

    def session(site, role, **kw) -> dict:
        user = StaffRoleFactory(site=site, role=role, user=UserFactory(), **kw).user
        client = Client()
        client.force_login(User.objects.get(pk=user.pk))  # the stored password hash signs the session
        return {
            "user_id": user.pk,
            "site_id": site.pk,
            "site_code": site.code,
            "sessionid": client.cookies["sessionid"].value,
            "csrf": secrets.token_hex(16),
        }  # 32 characters: a valid unmasked CSRF secret

    sessions = [session(townships[i % sites], StaffRole.Role.CLERK) for i in range(clients)]
    home = world.version.department.site
    approver_sessions = [
        session(home, StaffRole.Role.APPROVER, department=world.version.department) for _ in range(approvers)
    ]
    return {
        "home_site_id": world.site.pk,
        "item_id": world.version.item_id,
        "version_id": world.version.pk,
        "basic_code": world.version.item.basic_code,
        "materials": list(world.version.materials.values_list("pk", flat=True)),
        "applicants": [a.pk for a in applicants],
        "sessions": sessions,
        "approvers": approver_sessions,
    }


def queries_per_intake(world: dict) -> list[str]:
    """The SQL statements of one intake, through the whole Django stack (in process)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from yichuang.org.models import User

    client = Client()
    client.force_login(User.objects.get(pk=world["sessions"][0]["user_id"]))
    body = intake_body(world, world["sessions"][0], 0)
    client.post("/api/v1/cases/", body, content_type="application/json", headers={"Idempotency-Key": "warm"})
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            "/api/v1/cases/", body, content_type="application/json", headers={"Idempotency-Key": uuid.uuid4().hex}
        )
    assert response.status_code == 201, response.content
    return [q["sql"] for q in ctx.captured_queries]


def intake_body(world: dict, session: dict, n: int) -> str:
    return json.dumps(
        {
            "site": session["site_code"],
            "item": world["basic_code"],
            "applicant": {"id": world["applicants"][n % len(world["applicants"])]},
            "materials": {str(pk): {"status": "received"} for pk in world["materials"]},
            "form_data": {"applicant": {"age": 80 + n % 20}},
        }
    )


# ---------------------------------------------------------------- load


def percentiles(latencies: list[float]) -> tuple[float, float, float]:
    if len(latencies) < 2:
        return (latencies or [0.0])[0], 0.0, 0.0
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def _run_share(worker, ids: list[int], measure_from: float, deadline: float, queue) -> None:
    """One process's share of the clients, as threads; sends (latencies, errors, samples, warm,
    results, last finish) back. `result` is anything a worker wants returned (e.g. case numbers)."""
    lock, latencies, errors, samples, warm, results, last = threading.Lock(), [], [0], [], [0], [], [0.0]

    def record(began: float, ok: bool, detail: str = "", result=None) -> None:
        ended = time.monotonic()
        with lock:
            if result is not None:
                results.append(result)
            if began < measure_from:
                warm[0] += 1
                return
            last[0] = max(last[0], ended)
            if ok:
                latencies.append(ended - began)
            else:
                errors[0] += 1
                if len(samples) < 3:
                    samples.append(detail[:300])

    threads = [threading.Thread(target=worker, args=(i, deadline, record)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put((latencies, errors[0], samples, warm[0], results, last[0]))


def drive(worker, clients: int, processes: int, warmup: float, seconds: float, meter=None) -> dict:
    """Run `worker(i, deadline, record)` for each client i, spread over `processes` forked
    processes (threads inside each); only requests begun after the warm-up are counted.
    Separate processes keep the load generator's own GIL out of what is measured: a thread
    holding a database row lock must not wait for the interpreter of 31 other clients.
    The rate is over the measured window, or up to the last answer if the clients ran out of
    work before the deadline."""
    ctx = multiprocessing.get_context("fork")
    measure_from = time.monotonic() + warmup
    deadline = measure_from + seconds
    queue = ctx.Queue()
    shares = [list(range(clients))[p::processes] for p in range(processes)]
    children = [ctx.Process(target=_run_share, args=(worker, share, measure_from, deadline, queue)) for share in shares]
    for child in children:
        child.start()
    if meter:  # CPU is counted from the end of the warm-up (first requests import and compile)
        time.sleep(max(measure_from - time.monotonic(), 0))
        before = meter()
    latencies, errors, samples, warm, results, last = [], 0, [], 0, [], 0.0
    for _ in children:
        got = queue.get()
        latencies += got[0]
        errors += got[1]
        samples += got[2]
        warm += got[3]
        results += got[4]
        last = max(last, got[5])
    spent = [b - a for a, b in zip(before, meter())] if meter else None  # before the joins: no idle tail
    for child in children:
        child.join()
    window = max(min(deadline, last) - measure_from, 1e-6) if last else seconds
    p50, p95, p99 = percentiles(latencies)
    done = max(len(latencies) + errors, 1)
    cpu = {k: v / done * 1000 for k, v in zip(("django", "postgres"), spent)} if spent else None
    return {
        "rate": len(latencies) / window,
        "ok": len(latencies),
        "errors": errors,
        "p50": p50,
        "p95": p95,
        "p99": p99,
        "samples": samples[:3],
        "cpu_ms": cpu,
        "results": results,
    }


def session_headers(session: dict) -> dict:
    return {
        "Content-Type": "application/json",
        "X-CSRFToken": session["csrf"],
        "Cookie": f"sessionid={session['sessionid']}; csrftoken={session['csrf']}",
    }


def post_loop(port: int, session: dict, requests, deadline: float, record, expect: int = 200, keep=None) -> None:
    """POST each (path, body) of `requests` on one keep-alive connection (reconnecting after an
    error) until they run out or the deadline passes; `keep(data)` picks what to return."""
    headers = session_headers(session)
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    for path, body in requests:
        if time.monotonic() >= deadline:
            break
        began = time.monotonic()
        try:
            conn.request("POST", path, body, {**headers, "Idempotency-Key": uuid.uuid4().hex})
            response = conn.getresponse()
            data = response.read()
            ok = response.status == expect
            record(began, ok, f"{response.status} {data[:200]!r}", keep(data) if ok and keep else None)
        except (OSError, http.client.HTTPException) as exc:
            record(began, False, repr(exc))
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
    conn.close()


def http_worker(world: dict, port: int, per_client: int | None = None, keep_numbers: bool = False):
    """Client i takes intakes as clerk i; `per_client` bounds how many (else: until the deadline);
    `keep_numbers` returns (client, case number) of each case taken."""

    def work(i: int, deadline: float, record) -> None:
        session = world["sessions"][i]
        count = (
            itertools.count(i * 1_000_000 + 1)
            if per_client is None
            else range(i * 1_000_000 + 1, i * 1_000_000 + 1 + per_client)
        )
        keep = (lambda data: (i, json.loads(data)["number"])) if keep_numbers else None
        post_loop(
            port,
            session,
            (("/api/v1/cases/", intake_body(world, session, n)) for n in count),
            deadline,
            record,
            expect=201,
            keep=keep,
        )

    return work


def port_answers(port: int) -> bool:
    try:
        http.client.HTTPConnection(HOST, port, timeout=1).connect()
        return True
    except OSError:
        return False


def worker_args(spec: str) -> list[str]:
    """`5`: five sync workers (one request at a time each; the connection closes after every
    answer). `3x4`: three gthread workers of four threads each, keeping connections alive."""
    workers, _, threads = spec.partition("x")
    if not threads:
        return ["--workers", workers, "--worker-class", "sync"]
    return ["--workers", workers, "--worker-class", "gthread", "--threads", threads, "--keep-alive", "30"]


def worker_label(spec: str) -> str:
    workers, _, threads = spec.partition("x")
    return f"{workers} gthread workers x {threads}" if threads else f"{workers} sync workers"


def start_gunicorn(url: str, workers: str, port: int) -> subprocess.Popen:
    if port_answers(port):  # else /healthz would be answered by whatever already listens there
        raise RuntimeError(f"port {port} is already in use: choose another with --port")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": "600",
        "DJANGO_SETTINGS_MODULE": "yichuang.settings",
    }
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "yichuang.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            *worker_args(str(workers)),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited at start")
        time.sleep(0.1)
    stop(process)
    raise RuntimeError("gunicorn did not answer /healthz")


def cpu_seconds(match) -> float:
    """CPU time (user + system) of the processes whose /proc entry `match`es."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if match(fields, cmdline):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def cpu_meter(gunicorn_pgrp: int, database: str):
    """A function returning (gunicorn CPU s, CPU s of the bench database's PostgreSQL backends):
    other tenants of the machine are not counted."""

    def meter() -> tuple[float, float]:
        return (
            cpu_seconds(lambda f, c: int(f[2]) == gunicorn_pgrp),
            cpu_seconds(lambda f, c: c.startswith("postgres: ") and f" {database} " in c),
        )

    return meter


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # its own session: the master and its workers only
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# ---------------------------------------------------------------- main


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
