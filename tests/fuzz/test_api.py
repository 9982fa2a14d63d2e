"""Hostile query parameters on every list and read operation of the REST API (issue 13).

The operations come from the OpenAPI document the server itself serves, so a new one is fuzzed
as soon as it exists: each GET operation, as a person its access rule admits (township A's
clerk, head or approver for staff operations; the first citizen; nobody for public ones), with
each documented query parameter — and limit/offset on paginated lists — set to each hostile
value. No answer may be a server error, and every refusal is the structured error.
"""

from __future__ import annotations

import re

from authz.conftest import url_patterns

from yichuang.common.access import classify

from .conftest import STATS
from .driver import Fuzzer, summarise
from .pages import path_for, viewers
from .values import HOSTILE

PAGINATION = ("limit", "offset")


def _route(schema_path: str) -> str | None:
    """The URL pattern an OpenAPI path is served by ("/api/v1/sites/{site_code}/" → its route)."""
    wanted = schema_path.lstrip("/")
    for route, _ in url_patterns():
        if re.sub(r"<(?:[^>:]+:)?([^>]+)>", r"{\1}", route) == wanted:
            return route
    return None


def operations(client) -> list[tuple[str, str, list[str]]]:
    """(schema path, route, query parameter names) of every GET operation."""
    schema = client.get("/api/schema/?format=json").json()
    out = []
    for path, ops in sorted(schema["paths"].items()):
        op = ops.get("get")
        route = _route(path)
        if op is None or route is None or classify(route) is None:
            continue
        names = [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]
        out.append((path, route, list(dict.fromkeys(names))))
    return out


def test_no_hostile_query_value_makes_an_api_operation_fail(fuzz_town, client):
    fz = Fuzzer(route="api")
    ops = operations(client)
    assert any(path == "/api/v1/sites/{site_code}/items/" for path, _, _ in ops)
    assert any(path == "/api/v1/cases/" for path, _, _ in ops)
    for path, route, names in ops:
        url = path_for(route, fuzz_town)
        for principal in viewers(route, fuzz_town)[:1] or []:
            for name in names:
                for value in HOSTILE.values():
                    response = fz.send(principal.user, "get", url, [(name, value)], field_name=name, value=value)
                    if response is not None and 400 <= response.status_code < 500:
                        body = response.json()
                        assert {"code", "message", "errors"} <= body.keys(), f"{url} {name}: {body}"
    STATS["requests"] += fz.requests
    STATS["targets"] += len(ops)
    STATS["failures"] += len(fz.failures)
    STATS["fields"] |= {("api", *f) for f in fz.fuzzed}
    assert not fz.failures, f"{len(fz.failures)} of {fz.requests} requests failed:\n" + summarise(fz.failures)
