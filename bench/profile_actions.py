#!/usr/bin/env python
"""CPU and SQL statements of each case action after intake, in process through Django's WSGI
handler (the callable gunicorn runs), beside intake itself (issue 14 §5: every action at least
as lean as an intake).

    DATABASE_URL=postgres://… .venv/bin/python bench/profile_actions.py [--cases 200]

Seeds as bench/intake.py does (one clerk, one approver), takes in N cases, then runs each
phase (accept, start-review, approve, prepare-delivery, deliver) on all of them, timing the
CPU of this process and counting statements per request. The load average is printed: CPU
time of one process moves less with the machine's load than wall time, but is not immune.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake import DEFAULT_URL, intake_body, recreate_database, seed  # noqa: E402
from profile_intake import environ_for  # noqa: E402

PHASES = [
    ("accept", "clerk", {}),
    ("start-review", "approver", {}),
    ("approve", "approver", {"opinion": ""}),
    ("prepare-delivery", "clerk", {}),
    ("deliver", "clerk", {"method": "window"}),
]


def post(handler, path: str, session: dict, body: bytes) -> dict:
    status = []
    data = b"".join(handler(environ_for({}, session, body, path), lambda s, h, exc_info=None: status.append(s)))
    if status[0][:3] not in ("200", "201"):
        raise SystemExit(f"{path} failed: {status[0]} {data[:300]!r}")
    return json.loads(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--profile", default="", help="cProfile this phase (e.g. approve) and print the top functions")
    parser.add_argument("--show-sql", action="store_true", help="print the statements of one request of each phase")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "yichuang.settings",
            "LOG_LEVEL": "WARNING",
            "DEBUG": "0",
            "CONN_MAX_AGE": "600",
        }
    )
    print(f"load average {os.getloadavg()[0]:.2f}; database {urlparse(url).path.lstrip('/')}: recreating, seeding …")
    recreate_database(url)
    world = seed(1, 1, approvers=1)
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    handler = WSGIHandler()
    clerk, approver = world["sessions"][0], world["approvers"][0]
    rows = []
    began = time.process_time()
    numbers = [
        post(handler, "/api/v1/cases/", clerk, intake_body(world, clerk, n).encode())["number"]
        for n in range(args.cases)
    ]
    rows.append(("intake", (time.process_time() - began) / args.cases))
    with CaptureQueriesContext(connection) as q:
        post(handler, "/api/v1/cases/", clerk, intake_body(world, clerk, 10_000).encode())
    statements = {"intake": len(q.captured_queries)}
    spare = post(handler, "/api/v1/cases/", clerk, intake_body(world, clerk, 10_001).encode())["number"]
    for slug, who, body in PHASES:
        session, text = (clerk if who == "clerk" else approver), json.dumps(body).encode()
        profile = cProfile.Profile(time.process_time) if slug == args.profile else None
        began = time.process_time()
        if profile:
            profile.enable()
        for number in numbers:
            post(handler, f"/api/v1/cases/{number}/{slug}/", session, text)
        if profile:
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
        rows.append((slug, (time.process_time() - began) / len(numbers)))
        with CaptureQueriesContext(connection) as q:
            post(handler, f"/api/v1/cases/{spare}/{slug}/", session, text)
        statements[slug] = len(q.captured_queries)
        if args.show_sql:
            print(f"-- {slug}\n" + "\n".join(f"  {x['sql'][:160]}" for x in q.captured_queries))
    print(f"load average {os.getloadavg()[0]:.2f} after")
    print(f"{'request':<18} {'CPU ms':>7} {'× intake':>9} {'statements':>11}")
    for name, cpu in rows:
        print(f"{name:<18} {cpu * 1000:7.2f} {cpu / rows[0][1]:9.2f} {statements[name]:11d}")


if __name__ == "__main__":
    main()
