#!/usr/bin/env python
"""Where an intake's CPU goes: POST /api/v1/cases/ through Django's WSGI handler (the very
callable gunicorn runs), in process, under cProfile, by layer (issue 14 §5).

    DATABASE_URL=postgres://… .venv/bin/python bench/profile_intake.py [--requests 400] [--top 30]

Recreates and seeds the database as bench/intake.py does (same code), warms up, then profiles
N intakes sent as gunicorn would hand them over (a WSGI environ with the session and CSRF
cookies, an Idempotency-Key each). Prints the share of the handler's time spent under each
layer (inclusive; layers nest, so the shares are not meant to add up) and the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake import DEFAULT_URL, intake_body, recreate_database, seed  # noqa: E402

# (label, module path fragment, function name): the first entry of cProfile's table that
# matches gives the layer's inclusive time.
LAYERS = [
    ("whole WSGI request", "django/core/handlers/wsgi.py", "__call__"),
    ("  session load (SessionMiddleware → db)", "django/contrib/sessions/backends/db.py", "load"),
    ("  request.user (auth: session → user row)", "django/contrib/auth/__init__.py", "get_user"),
    ("  CSRF check", "django/middleware/csrf.py", "process_view"),
    ("  DRF dispatch (whole view)", "rest_framework/views.py", "dispatch"),
    ("    DRF initial (auth, permissions: roles)", "rest_framework/views.py", "initial"),
    ("    JSON parse (request.data)", "rest_framework/request.py", "_load_data_and_files"),
    ("    idempotency claim", "yichuang/common/idempotency.py", "_claim"),
    ("    idempotency fill", "yichuang/common/idempotency.py", "_fill"),
    ("    intake serializer is_valid", "rest_framework/serializers.py", "is_valid"),
    ("    selectors.intake_target", "yichuang/cases/selectors.py", "intake_target"),
    ("    applicant lookup", "yichuang/cases/api/views.py", "_applicant"),
    ("    services.receive", "yichuang/cases/services/intake.py", "receive"),
    ("      _routing", "yichuang/cases/services/intake.py", "_routing"),
    ("      _material_rows (licences)", "yichuang/cases/services/intake.py", "_material_rows"),
    ("      Case insert", "django/db/models/query.py", "create"),
    ("      CaseMaterial bulk_create", "django/db/models/query.py", "bulk_create"),
    ("      audit_new_case (ledger)", "yichuang/cases/services/common.py", "audit_new_case"),
    ("        ledger.record", "yichuang/ledger/services.py", "record"),
    ("        ledger.emit", "yichuang/ledger/services.py", "emit"),
    ("    representation case_detail", "yichuang/cases/api/representations.py", "case_detail"),
    ("    JSON render", "rest_framework/renderers.py", "render"),
    ("    DRF finalize_response", "rest_framework/views.py", "finalize_response"),
    ("  all SQL execute (driver + wrappers)", "django/db/backends/utils.py", "_execute"),
    ("  COMMIT", "django/db/backends/base/base.py", "commit"),
]


def environ_for(world: dict, session: dict, body: bytes, path: str = "/api/v1/cases/") -> dict:
    """A POST as gunicorn hands it to Django: the session and CSRF cookies, an Idempotency-Key."""
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8765",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8765",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": f"sessionid={session['sessionid']}; csrftoken={session['csrf']}",
        "HTTP_X_CSRFTOKEN": session["csrf"],
        "HTTP_IDEMPOTENCY_KEY": uuid.uuid4().hex,
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def send(handler, world: dict, n: int) -> None:
    session = world["sessions"][n % len(world["sessions"])]
    status = []
    chunks = handler(
        environ_for(world, session, intake_body(world, session, n).encode()),
        lambda s, h, exc_info=None: status.append(s),
    )
    b"".join(chunks)
    if not status[0].startswith("201"):
        raise SystemExit(f"intake failed: {status[0]} {b''.join(chunks)[:300]!r}")


def layer_times(stats: pstats.Stats) -> list[tuple[str, float, int]]:
    found = []
    for label, path, name in LAYERS:
        best = None
        for (file, _line, func), (_cc, nc, _tt, ct, _callers) in stats.stats.items():
            if func == name and file.endswith(path) and (best is None or ct > best[0]):
                best = (ct, nc)
        found.append((label, *(best or (0.0, 0))))
    return found


PACKAGES = [
    ("django/db/", "Django ORM and db backend"),
    ("django/", "Django (handlers, middleware, auth, sessions)"),
    ("rest_framework/", "DRF"),
    ("psycopg", "psycopg (driver)"),
    ("yichuang/", "yichuang"),
    ("cel", "CEL rules"),
    ("site-packages/", "other libraries"),
]


def by_package(stats: pstats.Stats) -> dict[str, float]:
    totals: dict[str, float] = {}
    for (file, _line, func), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        label = next(
            (name for fragment, name in PACKAGES if fragment in file or fragment in func), "Python stdlib/builtins"
        )
        totals[label] = totals.get(label, 0.0) + tt
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--callees", default="", help="also print the callees of functions matching this")
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
    world = seed(4, 1)
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    for n in range(50):
        send(handler, world, n)
    began, cpu = time.perf_counter(), time.process_time()
    for n in range(50, 50 + args.requests):
        send(handler, world, n)
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(
        f"unprofiled: {args.requests} intakes, {wall / args.requests * 1000:.2f} ms wall, "
        f"{cpu / args.requests * 1000:.2f} ms CPU of this process each"
    )
    profile = cProfile.Profile(time.process_time)  # CPU, not wall: waiting for PostgreSQL is not ours
    profile.enable()
    for n in range(10_000, 10_000 + args.requests):
        send(handler, world, n)
    profile.disable()
    stats = pstats.Stats(profile)
    layers = layer_times(stats)
    total = layers[0][1] or 1.0
    print(f"\nprofiled: {total / args.requests * 1000:.2f} ms per intake in the handler (profiler overhead included)")
    print(f"{'layer (inclusive)':<46} {'ms/intake':>9} {'share':>7} {'calls/intake':>12}")
    for label, ct, nc in layers:
        print(f"{label:<46} {ct / args.requests * 1000:9.2f} {ct / total:7.1%} {nc / args.requests:12.1f}")
    print(f"\n{'own CPU by package (exclusive)':<46} {'ms/intake':>9} {'share':>7}")
    for package, tt in sorted(by_package(stats).items(), key=lambda kv: -kv[1]):
        print(f"{package:<46} {tt / args.requests * 1000:9.2f} {tt / total:7.1%}")
    out = io.StringIO()
    if args.callees:
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_callees(args.callees)
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.top)
    print("\n" + "\n".join(out.getvalue().splitlines()[6:]))


if __name__ == "__main__":
    main()
