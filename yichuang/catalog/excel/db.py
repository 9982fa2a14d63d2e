"""Bulk database access for the importer: fetch and insert in chunks, so 50,000 rows cost a
few dozen queries and no statement exceeds a database's parameter limit."""

from __future__ import annotations

CHUNK = 1000


def slices(values, size: int = 500):
    values = list(values)
    return (values[i : i + size] for i in range(0, len(values), size))


def fetch(queryset, lookup: str, values):
    """`filter(lookup__in=values)` in slices: SQLite limits the parameters of one statement."""
    for chunk in slices(values):
        yield from queryset.filter(**{lookup: chunk})


def bulk_create(model, objs: list, bar=None) -> None:
    # Django sets the new ids on the objects (PostgreSQL; SQLite >= 3.35), which the parts need.
    for chunk in slices(objs, CHUNK):
        model.objects.bulk_create(chunk)
        if bar:
            bar.update(len(chunk))
