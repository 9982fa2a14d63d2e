"""Reads that may come from the streaming replica (issue 16 §7, decision 0071).

Only GET/HEAD requests to the views named in `REPLICA_VIEWS` (scorecards and public pages,
which tolerate figures a second or two old) read from the `replica` database, and only when the
person has not written in the last YICHUANG_PIN_SECONDS: a write sets a short cookie that pins
their reads to the primary, so they see what they just did (read-your-writes). Everything
else — every write, every other read — goes to the primary. Without YICHUANG_REPLICA_URL there
is no `replica` alias and nothing changes."""

from __future__ import annotations

import contextvars

from django.conf import settings

REPLICA = "replica"
PIN_COOKIE = "yc_primary"
# URL names (namespace:name) whose GET may read the replica.
REPLICA_VIEWS = frozenset(
    {
        "supervision:scorecard",
        "supervision:scorecard-excel",
        "supervision:public-scorecard",
        "guide:index",
        "guide:site",
        "guide:item",
        "guide:print",
        "guide:bundle",
    }
)
_reads_from: contextvars.ContextVar[str | None] = contextvars.ContextVar("yichuang_reads_from", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Writes and migrations to the primary; reads to the replica only inside a request the
    middleware marked."""

    def db_for_read(self, model, **hints):
        return _reads_from.get() or "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Marks replica-eligible requests; pins a writer's next reads to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._replica_token = None
        try:
            response = self.get_response(request)
        finally:
            if request._replica_token is not None:
                _reads_from.reset(request._replica_token)
        if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.YICHUANG_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in REPLICA_VIEWS
            and PIN_COOKIE not in request.COOKIES
            and replica_configured()
        ):
            request._replica_token = _reads_from.set(REPLICA)
        return None


def reads_from() -> str:
    """The database alias reads go to now (for tests and the cluster bench)."""
    return _reads_from.get() or "default"
