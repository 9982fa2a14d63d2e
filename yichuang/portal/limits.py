"""Fixed-window rate limits in the cache for the hall's public doors (login codes, progress
query, smart guide). Several app processes need a shared cache (Redis/database) for one limit."""
from __future__ import annotations

from django.conf import settings

from yichuang.common import ratelimit

DEFAULTS = {"PORTAL_PROGRESS_IP_RATE": "20/min", "PORTAL_PROGRESS_CASE_RATE": "10/hour",
            "PORTAL_LOGIN_IP_RATE": "20/hour", "PORTAL_GUIDE_RATE": "60/min"}


def retry_after(name: str, key: str) -> int:
    """Seconds to wait (0: allowed) for one more request under limit `name` for `key`."""
    return ratelimit.retry_after(f"portal:{name}", key, settings.YICHUANG.get(name, DEFAULTS[name]))


def ip_retry_after(request, name: str) -> int:
    return retry_after(name, ratelimit.client_ip(request))
