"""Relay wake-ups coalesced per process (issue 14 §5, decision 0125).

Every commit that wrote outbox events used to enqueue one relay task: under a county's Monday
load that is one task-queue write per case change (an exclusive SQLite transaction with an
fsync in the default file queue, a Redis round trip in production), each task then finding
the few events the task before it had not taken. A wake-up now enqueues a task at once only
when no task this process enqueued starts within the last `window` seconds; otherwise it
schedules one task a window after the last one's start, and later wake-ups before that moment
enqueue nothing: under steady load, one task per process per window.

Why no event waits for the periodic sweep: a wake-up is called after its transaction
committed, and it is skipped only while a task of this process is scheduled to start later
than now — that task reads the outbox after the commit and delivers the event. The outbox
table stays the truth and the minute's sweep (schedule.py `relay_outbox`) the safety net for a
lost wake-up, as before. What changes: under steady load an event may wait up to `window`
plus the consumer's scheduler tick (one second) instead of the queue's latency alone.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

WINDOW_SECONDS = 0.2
# A task scheduled on another host's clock may start this much early (NTP keeps hosts closer).
CLOCK_MARGIN_SECONDS = 0.02


class CoalescedWake:
    """Calls `now()` for a wake-up with no recent task, `later(delay)` for the first one a
    scheduled task does not cover yet, nothing for the others. Thread-safe (gthread)."""

    def __init__(
        self,
        now: Callable[[], None],
        later: Callable[[float], None],
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._now, self._later, self._window, self._clock = now, later, window, clock
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Forget the tasks enqueued so far (tests: each starts with an empty queue)."""
        self._last_start = float("-inf")  # when the last task this process enqueued starts (at the earliest)
        self._covered_until = float("-inf")  # a scheduled task of this process starts after this

    def __call__(self) -> None:
        with self._lock:
            t = self._clock()
            if t < self._covered_until:
                return
            if t - self._last_start >= self._window:
                self._now()  # raises when the queue is down: nothing recorded, the next one tries again
                self._last_start = t
                return
            start = self._last_start + self._window  # steady load: one task per window
            self._later(start - t)
            self._last_start = start
            self._covered_until = start - CLOCK_MARGIN_SECONDS
