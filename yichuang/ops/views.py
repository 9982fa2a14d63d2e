"""/healthz: for load balancers and monitoring. 200 when every part works; 503 naming what does
not — the database, the cache, the task queue, a relay behind by more than
YICHUANG_RELAY_MAX_LAG_SECONDS, an unresolved dead letter, or a scheduled job that stopped."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import selectors


def _check(fn) -> dict:
    try:
        return {"status": "ok", **(fn() or {})}
    except Exception as exc:  # the whole point is to report any failure, not raise it
        return {"status": "error", "error": exc.__class__.__name__}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _cache():
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 30)
    if cache.get(key) != value:
        raise RuntimeError("cache lost a value")
    cache.delete(key)
    return {"backend": cache.__class__.__name__}


def _tasks():
    from huey.contrib.djhuey import HUEY

    return {"backend": HUEY.__class__.__name__, "queued": HUEY.pending_count()}


def _relay():
    backlog = selectors.relay_backlog()
    dead = sum(selectors.dead_letters_by_consumer().values())
    if dead:
        raise_status = "dead_letters"
    elif backlog["lag_seconds"] > settings.YICHUANG_RELAY_MAX_LAG_SECONDS:
        raise_status = "lagging"
    else:
        raise_status = ""
    return {"dead_letters": dead, **backlog, **({"problem": raise_status} if raise_status else {})}


@require_GET
@never_cache
def healthz(request):
    report = {"database": _check(_database)}
    if report["database"]["status"] == "ok":
        report["relay"] = _check(_relay)
        jobs = _check(lambda: {"jobs": selectors.jobs_health()})
        report["schedule"] = (
            {
                "status": "error" if any(j.stalled for j in jobs["jobs"]) else "ok",
                "jobs": {
                    j.name: {
                        "every_seconds": j.every_seconds,
                        "last_success": j.last_success_at.isoformat() if j.last_success_at else None,
                        "last_failure": j.last_failure_at.isoformat() if j.last_failure_at else None,
                        "stalled": j.stalled,
                    }
                    for j in jobs["jobs"]
                },
            }
            if jobs["status"] == "ok"
            else jobs
        )
    report["cache"] = _check(_cache)
    report["tasks"] = _check(_tasks)
    if report.get("relay", {}).get("problem"):
        report["relay"]["status"] = "error"
    healthy = all(part["status"] == "ok" for part in report.values())
    return JsonResponse({"status": "ok" if healthy else "degraded", **report}, status=200 if healthy else 503)
