"""The request id: one per request (or accepted from a trusted X-Request-ID), on every log
line the request writes, handed to the tasks it enqueues and answered in X-Request-ID."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from contextlib import contextmanager

_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
SAFE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _current.get()


def new_request_id(prefix: str = "") -> str:
    rid = uuid.uuid4().hex
    return f"{prefix}-{rid[:12]}" if prefix else rid


@contextmanager
def request_id_bound(rid: str):
    token = _current.set(rid)
    try:
        yield rid
    finally:
        _current.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (empty outside a request or task)."""

    def filter(self, record):
        record.request_id = _current.get()
        return True


class RequestIdMiddleware:
    """First in the chain, so every later log line of the request carries the id. An incoming
    X-Request-ID (set by our nginx) is kept when it looks like an id, otherwise replaced: a
    client must not write arbitrary text into our logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if SAFE.match(incoming) else new_request_id()
        request.request_id = rid
        with request_id_bound(rid):
            response = self.get_response(request)
        response["X-Request-ID"] = rid
        return response
