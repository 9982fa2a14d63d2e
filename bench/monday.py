#!/usr/bin/env python
"""Bench: a township's Monday morning against gunicorn + PostgreSQL (issue 8).

    .venv/bin/python bench/monday.py [--clerks 8] [--approvers 4] [--citizens 12] [--seconds 30]
                                     [--workers 4] [--port 8767]

Recreates the database of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/yc_bench_monday),
seeds a township with a published item (the test factories), then drives real HTTP requests
from client threads in several processes:

- clerks: intake (POST /api/v1/cases/ with an Idempotency-Key, retried with the same key on a
  network error) and accept the case after pre-review; the accepted case goes to an approver;
- approvers: start the review and approve the cases clerks accepted, and open their queue
  (GET /api/v1/cases/?queue=true) when nothing is waiting;
- citizens: read an item's guide page, search the guide API, and check a case's progress —
  /hall/progress/ when the portal serves it, else the case as a helper (帮办代办员) reads it for
  them over the API.

Prints throughput, p50 / p95 / p99 latency and errors per operation. Figures from a shared
machine are only comparable at similar load: the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import queue
import random
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake import HOST, percentiles, recreate_database, seed_years, start_gunicorn, stop  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/yc_bench_monday"
SEARCHES = ["高龄", "津贴", "补贴 申请", "老人", "证明"]


def seed(clerks: int, approvers: int, helpers: int, pages: bool = True) -> dict:
    """Migrate and seed one township; returns ids and a session cookie per simulated person."""
    import django

    django.setup()
    import secrets

    from django.core.management import call_command
    from django.test import Client

    from yichuang.cases.tests.factories import make_world
    from yichuang.org.models import StaffRole, User
    from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
    from yichuang.people.models import Applicant
    from yichuang.people.tests.factories import make_citizen_id

    call_command("migrate", verbosity=0)
    if pages:  # pages need the static manifest when DEBUG is off
        call_command("collectstatic", "--noinput", verbosity=0)
    world = make_world()
    seed_years(dt.date.today().year)  # a December acceptance is due in January
    applicants = Applicant.objects.bulk_create(
        [
            Applicant(kind="natural", name=f"申请人{n}", citizen_id=make_citizen_id(20_000 + n), phone=f"137{n:08d}")
            for n in range(500)
        ]
    )

    def session(user) -> dict:
        client = Client()
        client.force_login(User.objects.get(pk=user.pk))
        return {"user_id": user.pk, "sessionid": client.cookies["sessionid"].value, "csrf": secrets.token_hex(16)}

    def staff(role, **kw):
        return StaffRoleFactory(site=world.site, role=role, user=UserFactory(), **kw).user

    return {
        "site": world.site.code,
        "item": world.version.item.basic_code,
        "materials": list(world.version.materials.values_list("pk", flat=True)),
        "applicants": [a.pk for a in applicants],
        "clerks": [session(staff(StaffRole.Role.CLERK)) for _ in range(clerks)],
        "approvers": [
            session(staff(StaffRole.Role.APPROVER, department=world.version.department)) for _ in range(approvers)
        ],
        "helpers": [session(staff(StaffRole.Role.HELPER)) for _ in range(helpers)],
    }


def intake_body(world: dict, n: int) -> str:
    return json.dumps(
        {
            "site": world["site"],
            "item": world["item"],
            "applicant": {"id": world["applicants"][n % len(world["applicants"])]},
            "materials": {str(pk): {"status": "received"} for pk in world["materials"]},
            "form_data": {"applicant": {"age": 80 + n % 20}},
        }
    )


class Http:
    """One keep-alive connection with a person's session; reconnects after a network error."""

    def __init__(self, port: int, session: dict | None):
        self.port, self.headers = port, {"Content-Type": "application/json"}
        if session:
            self.headers.update(
                {
                    "X-CSRFToken": session["csrf"],
                    "Cookie": f"sessionid={session['sessionid']}; csrftoken={session['csrf']}",
                }
            )
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method: str, path: str, body: str | None = None, key: str | None = None):
        headers = dict(self.headers, **({"Idempotency-Key": key} if key else {}))
        try:
            self.conn.request(method, path, body, headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            return 0, repr(exc).encode()


class Stats:
    def __init__(self):
        self.lock, self.ops = threading.Lock(), {}

    def record(self, op: str, began: float, ok: bool, detail: bytes = b"") -> None:
        with self.lock:
            entry = self.ops.setdefault(op, {"lat": [], "errors": 0, "samples": []})
            if ok:
                entry["lat"].append(time.monotonic() - began)
            else:
                entry["errors"] += 1
                if len(entry["samples"]) < 2:
                    entry["samples"].append(detail[:200].decode(errors="replace"))


def timed(stats: Stats, op: str, call, ok_status=(200, 201)):
    began = time.monotonic()
    status, body = call()
    stats.record(op, began, status in ok_status, f"{status} ".encode() + body)
    return status, body


def clerk(world, port, n, deadline, stats, accepted: queue.Queue):
    http_ = Http(port, world["clerks"][n])
    i = n * 1_000_000
    while time.monotonic() < deadline:
        i += 1
        key, body = uuid.uuid4().hex, intake_body(world, i)
        status, data = timed(stats, "clerk: intake", lambda: http_.request("POST", "/api/v1/cases/", body, key))
        if status != 201:
            continue
        number = json.loads(data)["number"]
        status, _ = timed(
            stats,
            "clerk: accept",
            lambda: http_.request("POST", f"/api/v1/cases/{number}/accept/", "{}", uuid.uuid4().hex),
        )
        if status == 200:
            accepted.put(number)


def approver(world, port, n, deadline, stats, accepted: queue.Queue, decided: list):
    http_ = Http(port, world["approvers"][n])
    while time.monotonic() < deadline:
        try:
            number = accepted.get(timeout=0.5)
        except queue.Empty:
            timed(stats, "approver: open queue", lambda: http_.request("GET", "/api/v1/cases/?queue=true&limit=20"))
            continue
        timed(
            stats,
            "approver: start review",
            lambda: http_.request("POST", f"/api/v1/cases/{number}/start-review/", "{}", uuid.uuid4().hex),
        )
        status, _ = timed(
            stats,
            "approver: approve",
            lambda: http_.request(
                "POST",
                f"/api/v1/cases/{number}/approve/",
                json.dumps({"opinion": "经审查,符合条件,准予。"}),
                uuid.uuid4().hex,
            ),
        )
        if status == 200:
            decided.append(number)


def citizen(world, port, n, deadline, stats, decided: list, hall: bool):
    rng = random.Random(n)
    anonymous = Http(port, None)
    helper = Http(port, world["helpers"][n % len(world["helpers"])])
    while time.monotonic() < deadline:
        timed(
            stats,
            "citizen: guide page",
            lambda: anonymous.request("GET", f"/guide/{world['site']}/items/{world['item']}/"),
        )
        q = quote(rng.choice(SEARCHES))
        timed(
            stats,
            "citizen: guide search",
            lambda: anonymous.request("GET", f"/api/v1/sites/{world['site']}/items/?q={q}"),
        )
        if decided:
            number = rng.choice(decided[-200:])
            if hall:
                timed(
                    stats,
                    "citizen: progress (hall)",
                    lambda: anonymous.request("GET", f"/hall/progress/?number={number}"),
                )
            else:
                timed(
                    stats, "citizen: progress (helper, API)", lambda: helper.request("GET", f"/api/v1/cases/{number}/")
                )
        time.sleep(rng.uniform(0.05, 0.3))  # people read


def run_morning(world: dict, port: int, seconds: float, clerks: int, approvers: int, citizens: int) -> Stats:
    stats, accepted, decided = Stats(), queue.Queue(), []
    hall = Http(port, None).request("GET", "/hall/progress/")[0] not in (0, 404)
    deadline = time.monotonic() + seconds
    threads = (
        [threading.Thread(target=clerk, args=(world, port, i, deadline, stats, accepted)) for i in range(clerks)]
        + [
            threading.Thread(target=approver, args=(world, port, i, deadline, stats, accepted, decided))
            for i in range(approvers)
        ]
        + [
            threading.Thread(target=citizen, args=(world, port, i, deadline, stats, decided, hall))
            for i in range(citizens)
        ]
    )
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return stats


def report(stats: Stats, seconds: float) -> list[str]:
    lines = [f"{'operation':<34} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'ok':>6} {'errors':>6}"]
    for op, e in sorted(stats.ops.items()):
        p50, p95, p99 = percentiles(e["lat"])
        lines.append(
            f"{op:<34} {len(e['lat']) / seconds:7.1f} {p50:8.1f} {p95:8.1f} {p99:8.1f} "
            f"{len(e['lat']):6d} {e['errors']:6d}"
        )
        lines += [f"    e.g. {s}" for s in e["samples"]]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clerks", type=int, default=8)
    parser.add_argument("--approvers", type=int, default=4)
    parser.add_argument("--citizens", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8767)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "yichuang.settings",
            "LOG_LEVEL": "WARNING",
            # A bench drives the guide API far beyond one citizen's rate limit, from one address.
            "ANON_RATE": "100000/min",
            "GUIDE_SEARCH_RATE": "off",
        }
    )
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; database "
        f"{urlparse(url).path.lstrip('/')}: recreating, migrating, seeding …",
        flush=True,
    )
    recreate_database(url)
    world = seed(args.clerks, args.approvers, max(1, args.citizens // 4))
    from django.db import connections

    connections.close_all()
    process = start_gunicorn(url, args.workers, args.port)
    try:
        stats = run_morning(world, args.port, args.seconds, args.clerks, args.approvers, args.citizens)
    finally:
        stop(process)
    print(
        f"Monday morning: {args.clerks} clerks, {args.approvers} approvers, {args.citizens} citizens, "
        f"{args.seconds:.0f} s, gunicorn {args.workers} sync workers"
    )
    print("\n".join(report(stats, args.seconds)))
    print(f"load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
