#!/usr/bin/env python
"""Bench: 智能导办 top-3 hit rate over tests/smart_guide_needs.py and the time per answer.

    .venv/bin/python bench/smart_guide.py          # throwaway SQLite under /tmp, demo county loaded
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yc_bench_guide .venv/bin/python bench/smart_guide.py

Prints the hit rate at 1 and 3, the misses, and the median / p95 time of one answer
(vocabulary cached, as in production after the first request).
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
if not os.environ.get("DATABASE_URL"):
    _db = Path(tempfile.gettempdir()) / "yichuang_bench_smart_guide.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{_db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{_db}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from tests.smart_guide_needs import NEEDS, SITE_CODE  # noqa: E402
from yichuang.demo.loader import load  # noqa: E402
from yichuang.org.models import Site  # noqa: E402
from yichuang.portal.guide import suggest  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    load(io.StringIO())
    site = Site.objects.get(code=SITE_CODE)
    top1 = top3 = 0
    misses, times = [], []
    for need, expected, name in NEEDS:
        started = time.perf_counter()
        found = suggest(site, need, limit=3)
        times.append((time.perf_counter() - started) * 1000)
        keys = [f"bundle:{s.key}" if s.kind == "bundle" else s.key for s in found]
        top1 += keys[:1] == [expected]
        top3 += expected in keys
        if expected not in keys:
            misses.append(f"{need} → 应为 {name};得到 {[s.title for s in found]}")
    n = len(NEEDS)
    print(f"needs: {n}  database: {django.db.connection.vendor}")
    print(f"top-1 hit rate: {top1 / n:.1%}  top-3 hit rate: {top3 / n:.1%}")
    print(
        f"time per answer: median {statistics.median(times):.1f} ms, p95 {statistics.quantiles(times, n=20)[18]:.1f} ms"
    )
    for miss in misses:
        print("  miss:", miss)


if __name__ == "__main__":
    main()
