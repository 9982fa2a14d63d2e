"""A queryset composed once per process and afterwards only run with new values (issue 20:
workbench pages fast at 1,000,000 cases; decision 0130, after workbench.queue_rows of 0115).

Composing a wide statement through the ORM (a dozen joins, EXISTS annotations, the visibility
rule) costs more CPU than PostgreSQL spends running it: ~12 ms of a case page's ~40. When the
statement depends only on who asks (their sites, their roles) and not on the values looked up,
it can be compiled once under a key naming everything it is built from, and each request only
executes it with its own values. The rows become model instances exactly as the queryset
would make them (Django's own compiler: select_related objects, annotations, the fields'
converters); prefetches are the caller's (`prefetch_related_objects`).

`build(**marks)` gets one placeholder per value, of the value's type (a string, an integer, a
date or an aware datetime that no real row has): it must put each into filters as is (a
comparison with a column of that type) so that it reaches the statement's parameters as the
database backend adapts such a value; each value is adapted the same way when run.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.db import connections, router
from django.db.models.query import get_related_populators

_SLOTS = 4096  # distinct keys kept (one per statement and visibility); a county has a few hundred
_COMPOSED: dict[tuple, tuple] = {}


def _mark(name: str, value, n: int):
    """A placeholder of the value's type, distinct for each of a statement's values."""
    if isinstance(value, str):
        return f"\x1fyc-composed:{name}\x1f"
    if isinstance(value, int) and not isinstance(value, bool):
        return -(2**62) - n
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return dt.datetime(1, 1, 1, 0, 0, 0, n + 1, tzinfo=dt.UTC)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.date(1, 1, n + 1)
    raise TypeError(f"composed: no placeholder for {name}={value!r}")


def _adapted(value, connection):
    """The value as the backend's field adapters pass it (SQLite keeps dates as text)."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def instances(key: tuple, build, model, **values) -> list:
    """The model instances `build(**marks)` (a queryset of `model`) gives with `values` in place
    of the marks, the statement composed once per `key` and database."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    full_key = (connection.vendor, alias, *key)
    entry = _COMPOSED.get(full_key)
    if entry is None:
        marks = {name: _mark(name, value, n) for n, (name, value) in enumerate(sorted(values.items()))}
        qs = build(**marks)
        assert not qs._known_related_objects and not qs._prefetch_related_lookups, "prefetch afterwards"
        compiler = qs.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        adapted = {name: _adapted(mark, connection) for name, mark in marks.items()}
        slots = {i: name for i, p in enumerate(params) for name, mark in adapted.items() if p == mark}
        assert set(slots.values()) == set(values), "every value must reach the statement"
        entry = (compiler, sql, tuple(params), slots)
        if len(_COMPOSED) >= _SLOTS:
            _COMPOSED.clear()
        _COMPOSED[full_key] = entry
    compiler, sql, params, slots = entry
    params = tuple(_adapted(values[slots[i]], connection) if i in slots else p for i, p in enumerate(params))
    return _run(compiler, sql, params, connection, alias)


def _run(composed, sql: str, params: tuple, connection, alias: str) -> list:
    """ModelIterable's loop over a copy of the composed compiler bound to this thread's
    connection, running the kept statement instead of composing it again."""
    compiler = copy.copy(composed)
    compiler.connection = connection
    compiler.as_sql = lambda *args, **kwargs: (sql, params)
    results = compiler.execute_sql()
    select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
    model_cls = klass_info["model"]
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    populators = get_related_populators(klass_info, select, alias)
    out = []
    for row in compiler.results_iter(results):
        obj = model_cls.from_db(alias, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for attr, position in (annotation_col_map or {}).items():
            setattr(obj, attr, row[position])
        out.append(obj)
    return out
