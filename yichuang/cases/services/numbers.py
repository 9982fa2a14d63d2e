"""Case numbers: <site code>-<yyyymmdd>-<daily sequence>, e.g. 331199101000-20261124-0007.
Readable at the window, unique, and safe under concurrency (the day's counter row is locked)."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from yichuang.common import fastsql

from ..models import CaseSequence

# One statement takes the number: it creates the day's row or increments it, and the row stays
# locked until the transaction ends (a concurrent intake at this site waits for it, and one that
# races to create the row waits on the unique index, then increments the committed row).
# PostgreSQL and SQLite (≥ 3.35) both have INSERT … ON CONFLICT DO UPDATE … RETURNING.
_TAKE = (
    f"INSERT INTO {CaseSequence._meta.db_table} (site_id, day, last) VALUES (%s, %s, 1) "
    f"ON CONFLICT (site_id, day) DO UPDATE SET last = {CaseSequence._meta.db_table}.last + 1 RETURNING last"
)


def next_case_number(site, day: dt.date) -> str:
    with fastsql.bound_cursor() as cursor:
        cursor.execute(_TAKE, [site.pk, connection.ops.adapt_datefield_value(day)])
        last = cursor.fetchone()[0]
    return f"{site.code}-{day:%Y%m%d}-{last:04d}"
