"""The one lookup an intake needs to find what it receives, as a fixed statement (issue 14 §5):
the active entry of a site's 实施清单 for an item, with the site and its region. Built by the
ORM it cost more CPU (joins, annotation, compiling) than PostgreSQL spends running it.
`selectors.intake_target` is its only caller; rows read back exactly as querysets would give
them (`yichuang.common.fastsql`)."""

from __future__ import annotations

import datetime as dt
import functools

from django.db import connection

from yichuang.catalog.models import Item, ItemVersion, SiteItem
from yichuang.common import fastsql
from yichuang.org.models import Region, Site


@functools.cache
def _sql(vendor: str) -> str:
    return (
        f"SELECT {fastsql.columns(Site, 's')}, {fastsql.columns(Region, 'r')}, si.version_id, v.published_at"
        f" FROM {SiteItem._meta.db_table} si"
        f" JOIN {Site._meta.db_table} s ON s.id = si.site_id"
        f" JOIN {Region._meta.db_table} r ON r.id = s.region_id"
        f" JOIN {Item._meta.db_table} i ON i.id = si.item_id"
        f" JOIN {ItemVersion._meta.db_table} v ON v.id = si.version_id"
        " WHERE s.code = %s AND i.basic_code = %s AND si.is_active LIMIT 1"
    )


def listed_entry(site_code: str, basic_code: str) -> tuple[Site, int, dt.datetime | None] | None:
    """(site with its region loaded, version id, the version's publication time), or None."""
    with fastsql.bound_cursor() as cursor:
        cursor.execute(_sql(connection.vendor), [site_code, basic_code])
        row = cursor.fetchone()
    if row is None:
        return None
    n, m = fastsql.width(Site), fastsql.width(Region)
    site, region = fastsql.instance(Site, row[:n]), fastsql.instance(Region, row[n : n + m])
    Site.region.field.set_cached_value(site, region)
    published_at = fastsql.convert(ItemVersion, "published_at", row[-1])
    return site, row[-2], published_at
