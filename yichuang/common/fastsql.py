"""Fixed SQL for the few statements on the intake hot path (issue 14 §5, decision 0019).

Building a statement through the ORM costs more CPU than PostgreSQL spends running it (about
a millisecond for an INSERT of a wide model, most of an intake's budget). These helpers write
and read whole model rows with statements composed once per model, and keep the ORM's
semantics where they matter:

- `insert` runs each field's `pre_save(add=True)` and `get_db_prep_save` exactly as
  `Model.save` does (defaults, `auto_now_add`, JSON adaptation, aware datetimes), returns the
  database-generated primary key, and marks the instance saved. It sends no model signals and
  calls no overridden `save()`: use it only for models whose `save()` adds nothing on insert
  (checked by the callers' tests) and that no signal receiver listens to.
- `update` writes every field of a saved instance as `Model.save()` would (`pre_save(add=False)`).
- `select` builds instances with the ORM's own converters (`from_db_value`, the backend's),
  so a row reads back exactly as a queryset would give it.

Values are always parameters, never formatted into the SQL. `bound_cursor()` sends them apart from
the statement on PostgreSQL (server-side binding), so the hot path's statements are neither
quoted into SQL text by the driver nor parsed afresh by the server (decision 0148).
"""

from __future__ import annotations

import functools
import re

from django.db import DEFAULT_DB_ALIAS, connection, connections

_INSERT_PLANS: dict[type, tuple] = {}
_SELECT_PLANS: dict[tuple, tuple] = {}
_GETS: dict[type, str] = {}
_UPDATES: dict[type, tuple] = {}


def bound_cursor():
    """Django's cursor (query capture, execute wrappers, error wrapping all kept) for fixed
    statements. On PostgreSQL its parameters are bound on the server: Django's default cursor
    quotes every value into the SQL text in Python (client-side binding: ~1 ms of CPU for the
    intake's 60-parameter statement), and the server then parses that text every time; bound
    statements are the same text each time, which psycopg prepares on the connection after a few
    runs (settings: `prepare_threshold`). Only for plain statements: one command, `%s`
    placeholders (no `IN %s` lists, no literal `%`), every parameter's type clear from its context."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        return db.cursor()
    db.ensure_connection()
    raw = db.connection
    usual, raw.cursor_factory = raw.cursor_factory, _bound_cursor_class()
    try:
        return db.cursor()  # may reconnect (health checks): the new one binds as usual
    finally:
        raw.cursor_factory = usual


@functools.cache
def _bound_cursor_class():
    """psycopg's RawCursor (`$n` placeholders, sent as they are) with Django's cursor mixin, fed
    statements whose `%s` are turned into `$n` once per statement here: psycopg's own
    conversion is cached only for statements under 4 KB with at most 50 parameters, and the
    intake's statement has more (measured: ~0.4 ms of CPU per intake re-parsing it)."""
    from django.db.backends.postgresql.base import CursorMixin
    from psycopg import RawCursor

    class BoundCursor(CursorMixin, RawCursor):
        def execute(self, query, params=None, **kwargs):
            return super().execute(_numbered(query), params, **kwargs)

        def executemany(self, query, params_seq, **kwargs):
            return super().executemany(_numbered(query), params_seq, **kwargs)

    return BoundCursor


@functools.lru_cache(maxsize=512)
def _numbered(query: str) -> str:
    """`%s` → `$1`, `$2`, … (and `%%` → `%`); any other `%` is refused, as psycopg would."""
    parts = _PLACEHOLDER.split(query)  # text, mark, text, mark, …, text
    if any("%" in text for text in parts[0::2]):
        raise ValueError(f"only %s placeholders in a bound statement: {query[:80]}")
    out, n = [parts[0]], 0
    for mark, text in zip(parts[1::2], parts[2::2], strict=True):
        if mark == "%s":
            n += 1
        out += [f"${n}" if mark == "%s" else "%", text]
    return "".join(out)


_PLACEHOLDER = re.compile(r"(%s|%%)")


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _insert_plan(model) -> tuple:
    plan = _INSERT_PLANS.get(model)
    if plan is None:
        meta = model._meta
        fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
        returning = meta.auto_field
        head = f"INSERT INTO {_quote(meta.db_table)} ({', '.join(_quote(f.column) for f in fields)}) VALUES "
        row = f"({', '.join(['%s'] * len(fields))})"
        tail = f" RETURNING {_quote(returning.column)}" if returning is not None else ""
        plan = _INSERT_PLANS[model] = (fields, returning, head, row, tail)
    return plan


def _prepared(obj, fields) -> list:
    db = connections[DEFAULT_DB_ALIAS]  # once: each use of the `connection` proxy looks it up again
    return [f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields]


def insert(obj):
    """INSERT one instance (all its concrete fields, as `Model.save` would); returns it saved."""
    return insert_many([obj])[0] if obj is not None else obj


def insert_many(objs: list) -> list:
    """INSERT instances of one model in one statement; primary keys are set on each, in order
    (PostgreSQL and SQLite return the rows of a multi-row VALUES in the order given)."""
    if not objs:
        return objs
    fields, returning, head, row, tail = _insert_plan(type(objs[0]))
    params = []
    for obj in objs:
        params += _prepared(obj, fields)
    with bound_cursor() as cursor:
        cursor.execute(head + ", ".join([row] * len(objs)) + tail, params)
        ids = cursor.fetchall() if returning is not None else []
    for n, obj in enumerate(objs):
        saved(obj, ids[n][0] if returning is not None else None)
    return objs


def insert_parts(obj) -> tuple[str, str, list]:
    """(`INSERT INTO t (columns)`, `(%s, …)`, parameters) of one instance, prepared as `insert`
    prepares it: for a caller that sends several inserts as one statement (a CTE)."""
    fields, _returning, head, row, _tail = _insert_plan(type(obj))
    return head[: -len(" VALUES ")], row, _prepared(obj, fields)


def insert_with_children(parent, children: list, fk: str, key: str, along=None):
    """INSERT `parent`, then `children` (instances of one model whose foreign key `fk` points
    at it), each as `insert` would; returns `parent` saved, with every child's key set.

    On PostgreSQL this is one statement (a data-modifying CTE: the children take the parent's
    generated key inside the statement); `key` names a column unique among one parent's
    children, by which each child gets its own generated key back. Elsewhere, two statements.
    `along` (PostgreSQL only): more CTEs sent in the same statement, independent of these rows
    (`ctes`, `params`, a scalar `select`, and `finish(value)` / `run()` — e.g.
    `ledger.together.StreamStart`)."""
    if connection.vendor != "postgresql" or not children:
        insert(parent)
        for child in children:
            setattr(child, fk, parent)
        insert_many(children)
        if along is not None:
            along.run()
        return parent
    model = type(children[0])
    cols, sql = _family_sql(
        type(parent), model, fk, key, len(children), along.ctes if along else None, along.select if along else None
    )
    params = _prepared(parent, _insert_plan(type(parent))[0])
    for child in children:
        params += _prepared(child, cols)
    with bound_cursor() as cursor:
        cursor.execute(sql, params if along is None else [*params, *along.params])
        written = cursor.fetchall()
    saved(parent, written[0][0])
    if along is not None:
        along.finish(written[0][3])
    ids = {row[2]: row[1] for row in written}
    for child in children:
        setattr(child, fk, parent)  # now that the parent has its key: the column as written
        saved(child, ids[getattr(child, model._meta.get_field(key).attname)])
    return parent


@functools.lru_cache(maxsize=64)
def _family_sql(parent_model, model, fk: str, key: str, count: int, ctes: str | None, select: str | None):
    """(the children's columns after the foreign key, the statement) of `insert_with_children`:
    the same text for the same shape, composed once."""
    pk = parent_model._meta.pk.column
    fk_field = model._meta.get_field(fk)
    fields, returning, _head, _row, _tail = _insert_plan(model)
    cols = [f for f in fields if f is not fk_field]
    # Typed placeholders: the VALUES list is a table of its own, whose NULLs must have a type.
    row = f"({', '.join(f'%s::{_cast_type(f)}' for f in cols)})"
    _fields, _returning, parent_head, parent_row, _tail = _insert_plan(parent_model)
    parent_insert = parent_head[: -len(" VALUES ")]
    child_pk, child_key = _quote(returning.column), _quote(model._meta.get_field(key).column)
    names = ", ".join(_quote(f.column) for f in [fk_field, *cols])
    sql = (
        f"WITH p AS ({parent_insert} VALUES {parent_row} RETURNING {_quote(pk)}),"
        f" c AS (INSERT INTO {_quote(model._meta.db_table)} ({names})"
        f" SELECT p.{_quote(pk)}, v.* FROM p, (VALUES {', '.join([row] * count)}) v"
        f" RETURNING {child_pk}, {child_key})"
        + (f", {ctes}" if ctes is not None else "")
        + f" SELECT (SELECT {_quote(pk)} FROM p), {child_pk}, {child_key}"
        + (f", {select}" if select is not None else "")
        + " FROM c"
    )
    return cols, sql


def _cast_type(field) -> str:
    """The type a parameter is cast to: the column's, a varchar without its length (a cast to
    varchar(n) would cut a long value silently; the insert then refuses it, as it should)."""
    db_type = field.db_type(connection)
    return "varchar" if db_type.startswith("varchar") else db_type


def saved(obj, pk=None):
    """Mark an instance written by `insert_parts` as saved (with its generated key, if any)."""
    returning = type(obj)._meta.auto_field
    if returning is not None and pk is not None:
        setattr(obj, returning.attname, pk)
    obj._state.adding = False
    obj._state.db = connection.alias
    return obj


def update(obj):
    """UPDATE every concrete field of a saved instance, as `Model.save()` on an existing row
    would (each field's `pre_save(add=False)`: `auto_now` runs). For a row the caller holds
    locked: it does not fall back to an INSERT when no row matched, it raises."""
    model = type(obj)
    plan = _UPDATES.get(model)
    if plan is None:
        meta = model._meta
        fields = [f for f in meta.local_concrete_fields if not f.primary_key]
        sets = ", ".join(f"{_quote(f.column)} = %s" for f in fields)
        plan = _UPDATES[model] = (
            fields,
            f"UPDATE {_quote(meta.db_table)} SET {sets} WHERE {_quote(meta.pk.column)} = %s",
        )
    fields, sql = plan
    params = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in fields]
    with bound_cursor() as cursor:
        cursor.execute(sql, [*params, model._meta.pk.get_db_prep_value(obj.pk, connection)])
        if cursor.rowcount != 1:
            raise model.DoesNotExist(f"{model.__name__} {obj.pk} was not updated ({cursor.rowcount} rows)")
    return obj


def get(model, pk):
    """The row of `model` with primary key `pk` as an instance, or None (`objects.get(pk=…)`
    without building the query)."""
    sql = _GETS.get(model)
    if sql is None:
        meta = model._meta
        sql = _GETS[model] = (
            f"SELECT {columns(model, 't')} FROM {_quote(meta.db_table)} t WHERE t.{_quote(meta.pk.column)} = %s"
        )
    with bound_cursor() as cursor:
        cursor.execute(sql, [model._meta.pk.get_db_prep_value(pk, connection)])
        row = cursor.fetchone()
    return None if row is None else instance(model, row)


def columns(model, alias: str) -> str:
    """Every concrete column of `model`, qualified by `alias`, in field order (for `instance`)."""
    return ", ".join(f"{alias}.{_quote(f.column)}" for f in model._meta.concrete_fields)


def _converters(model) -> tuple:
    key = (model, connection.vendor)
    plan = _SELECT_PLANS.get(key)
    if plan is None:
        meta = model._meta
        names = [f.attname for f in meta.concrete_fields]
        convert = []
        for n, f in enumerate(meta.concrete_fields):
            col = f.get_col(meta.db_table)
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if found:
                convert.append((n, col, found))
        plan = _SELECT_PLANS[key] = (names, convert)
    return plan


def instance(model, values):
    """A model instance from the values of `columns(model, …)`, converted as the ORM would."""
    names, convert = _converters(model)
    values = list(values)
    for n, col, found in convert:
        for fn in found:
            values[n] = fn(values[n], col, connection)
    return model.from_db(connection.alias, names, values)


def convert(model, name: str, value):
    """One value of `model`'s field `name` as read from the database, converted as the ORM would."""
    f = model._meta.get_field(name)
    col = f.get_col(model._meta.db_table)
    for fn in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
        value = fn(value, col, connection)
    return value


def width(model) -> int:
    return len(model._meta.concrete_fields)
