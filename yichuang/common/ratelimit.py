"""Rate limits for public doors (guide search, /verify, the hall's login codes and progress
query, 办不成事 reports, the public scorecard): one fixed-window counter in the cache.

With several app processes the cache must be shared (Redis or the database) for one county-wide
limit; the local-memory default limits each process on its own.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

RATE_PERIODS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """ "60/min" → (60, 60). Empty or "0" turns the limit off (benches, trusted intranets)."""
    if not rate or str(rate).strip() in {"0", "off", "none"}:
        return None
    count, _, period = str(rate).partition("/")
    return int(count), RATE_PERIODS[period.strip().lower() or "min"]


def client_ip(request) -> str:
    """The citizen's address. Behind our own reverse proxies (YICHUANG["TRUSTED_PROXY_HOPS"] of
    them) REMOTE_ADDR is the proxy, so take the address the outermost of ours appended to
    X-Forwarded-For; entries further left were written by the client and can be forged."""
    hops = int(settings.YICHUANG.get("TRUSTED_PROXY_HOPS", 0) or 0)
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if hops and forwarded:
        return forwarded[-min(hops, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def retry_after(scope: str, key: str, rate: str | None) -> int:
    """Count one request of `key` under `scope` at `rate`; the seconds to wait, 0 if allowed."""
    limit = parse_rate(rate)
    if limit is None:
        return 0
    count, period = limit
    now = time.time()
    cache_key = f"ratelimit:{scope}:{key}:{int(now // period)}"
    try:
        used = _count(cache_key, period)
    except Exception:  # noqa: BLE001 — the shared cache is away (Redis stopped, network cut)
        # Fail open: while the cache is away every citizen would otherwise get a 500 (found by
        # bench/cluster.py stopping Redis). A limit guards against abuse; refusing everyone for
        # the length of an outage is worse. Logged (scope only, never the key: it is an address).
        logger.warning("rate limit %s not counted: the shared cache is unavailable", scope, exc_info=True)
        return 0
    return 0 if used <= count else max(1, int(period - now % period))


def _count(cache_key: str, period: int) -> int:
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        return cache.incr(cache_key)
    except ValueError:  # the window expired between add and incr: this request starts a new one
        cache.set(cache_key, 1, timeout=period + 1)
        return 1


def ip_retry_after(request, scope: str, rate: str | None) -> int:
    """The same, counted per client address."""
    return retry_after(scope, client_ip(request), rate)


def too_many_requests(request, wait: int, template: str):
    """The 429 page in the app's own layout: how long to wait, in Chinese and in Retry-After.
    Never cached, or a proxy would go on refusing everyone behind it."""
    from django.shortcuts import render
    from django.utils.cache import add_never_cache_headers

    response = render(request, template, {"retry_after": wait}, status=429)
    response["Retry-After"] = str(wait)
    add_never_cache_headers(response)
    return response
