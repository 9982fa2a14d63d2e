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
