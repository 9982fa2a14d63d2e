#!/usr/bin/env python
"""Bench: window ratings per second (评价器: open an encounter + rate it, 1 in 5 a 差评 that
opens a ticket) and the head's ticket list (page render through the test client).

    .venv/bin/python bench/feedback.py             # throwaway SQLite under /tmp, 300 ratings
    .venv/bin/python bench/feedback.py -n 1000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yc_bench_fb .venv/bin/python bench/feedback.py

A township centre takes a few hundred ratings a day (domain-facts § scale): the figure to
watch is milliseconds per rating, and that the ticket list stays fast with many tickets.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
_TMP = Path(tempfile.mkdtemp(prefix="yichuang_bench_fb_"))
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=300)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)

    from yichuang.feedback import services
    from yichuang.feedback.tests.factories import make_feedback_world

    fw = make_feedback_world()
    times, statements = [], []
    for i in range(args.n):
        bad = i % 5 == 0
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            token = services.start_encounter(fw.window, fw.clerk).token
            services.rate_encounter(
                token,
                device=fw.tablet,
                level=1 if bad else 5,
                indicators=["service_efficiency"] if bad else [],
                reason="等候时间太长" if bad else "",
            )
        times.append(time.perf_counter() - start)
        statements.append(len(queries))
    total = sum(times)
    print(
        f"window ratings: {args.n} in {total:.2f}s = {args.n / total:.0f}/s; "
        f"median {statistics.median(times) * 1000:.1f} ms, p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.1f} ms; "
        f"statements per rating (good/bad): {statements[1]}/{statements[0]}"
    )

    from django.conf import settings

    # The production manifest exists only after collectstatic; the bench renders with plain storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    client.force_login(fw.head)
    renders = []
    for _ in range(20):
        start = time.perf_counter()
        response = client.get("/feedback/tickets/")
        renders.append(time.perf_counter() - start)
        assert response.status_code == 200
    print(
        f"ticket list with {args.n // 5} tickets: median {statistics.median(renders) * 1000:.1f} ms "
        f"({connection.vendor})"
    )


if __name__ == "__main__":
    main()
