"""Hostile input on every page of the hall, workbench, feedback, supervision and guide (issue 13).

For each URL pattern under those trees, every person the access rules admit opens the page; each
<form> on it is submitted (method, action, every field including hidden ones and the CSRF
token) with one field at a time set to each value of values.HOSTILE, then all fields at once;
each query parameter its links carry is sent with each hostile value. No answer may be a
server error and no exception may escape a view: bad input is a 4xx or the form again with its
error. Deterministic: a fixed value list, pages and forms in document order.
"""

from __future__ import annotations

import pytest

from .conftest import STATS
from .driver import Fuzzer, summarise
from .pages import ROUTES, fuzz_route


@pytest.mark.parametrize("route", ROUTES)
def test_no_hostile_value_makes_a_page_fail(route, fuzz_town):
    fz = Fuzzer()
    fuzz_route(route, fuzz_town, fz)
    STATS["requests"] += fz.requests
    STATS["targets"] += 1
    STATS["failures"] += len(fz.failures)
    STATS["fields"] |= {(route, *f) for f in fz.fuzzed}
    assert not fz.failures, f"{route}: {len(fz.failures)} of {fz.requests} requests failed:\n" + summarise(fz.failures)
