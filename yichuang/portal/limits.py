"""Rate limits in the cache for the hall's public doors (login codes, progress query, smart
guide, uploads). Several app processes need a shared cache (Redis/database) for one limit.

The progress query limits the *address* that guesses, never the case (issue 13): case numbers
are sequential, so a per-case lock let anyone lock the real holder out of their own case. An
address that guesses wrong waits longer after every further wrong answer (a growing delay, up
to an hour), and has a per-hour budget of requests besides."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from yichuang.common import ratelimit

DEFAULTS = {
    "PORTAL_PROGRESS_IP_RATE": "20/min",
    "PORTAL_LOGIN_IP_RATE": "20/hour",
    "PORTAL_GUIDE_RATE": "60/min",
    "PORTAL_CONSULT_RATE": "10/hour",
    "PORTAL_UPLOAD_DRAFT_RATE": "120/hour",
}
# Wrong answers an address may give before it has to wait; the wait then doubles with each one.
FREE_FAILURES = 3
FIRST_DELAY_SECONDS = 15
MAX_DELAY_SECONDS = 3600


def retry_after(name: str, key: str) -> int:
    """Seconds to wait (0: allowed) for one more request under limit `name` for `key`."""
    return ratelimit.retry_after(f"portal:{name}", key, settings.YICHUANG.get(name, DEFAULTS[name]))


def ip_retry_after(request, name: str) -> int:
    return retry_after(name, ratelimit.client_ip(request))


def _failures_key(request, scope: str) -> str:
    return f"portal:failures:{scope}:{ratelimit.client_ip(request)}"


def failure_wait(request, scope: str) -> int:
    """Seconds this address must still wait after its last wrong answer (0: it may try)."""
    state = cache.get(_failures_key(request, scope))
    return max(0, int(state[1] - time.time() + 0.999)) if state else 0


def record_failure(request, scope: str) -> int:
    """Count one wrong answer from this address; the seconds it must wait before the next try.
    The count is forgotten an hour after the address's last wrong answer."""
    key = _failures_key(request, scope)
    count = (cache.get(key) or (0, 0))[0] + 1
    delay = (
        0 if count <= FREE_FAILURES else min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** (count - FREE_FAILURES - 1))
    )
    cache.set(key, (count, time.time() + delay), timeout=MAX_DELAY_SECONDS + delay)
    return delay


def forget_failures(request, scope: str) -> None:
    """A right answer: this address is not guessing."""
    cache.delete(_failures_key(request, scope))
