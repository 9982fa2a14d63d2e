"""Helpers for tests that need real concurrency."""

from __future__ import annotations

import threading
from typing import Callable

from django.db import connection


def run_together(calls: list[Callable]) -> list:
    """Start every call in its own thread at one barrier; return what each returned or raised,
    in order. Each thread closes its own database connection."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # returned to the test, which asserts on it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def worker_port(base: int, spread: int = 10) -> int:
    """A fixed port for a server a test starts: `base` + this xdist worker's number, moved by
    YICHUANG_TEST_PORT_OFFSET so that two runs of the suite on one machine (CI runs SQLite and
    PostgreSQL side by side) never ask for the same port."""
    import os

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    number = int(worker) if worker.isdigit() else 0
    return base + number % spread + int(os.environ.get("YICHUANG_TEST_PORT_OFFSET", "0"))


def answers(url: str, seconds: float = 15) -> bool:
    """Whether a loopback server a test started answers `url` within `seconds` (polled)."""
    import time
    import urllib.request

    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def on_the_suites_day():
    """The clock at the root conftest's TEST_TODAY (a Monday the working calendar knows), for
    module-scoped fixtures: they run before that conftest moves each test's clock, and what they
    make (case deadlines, certificates' validity) must be of the tests' day."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine

    return time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True)
