"""The one read a case action over the API starts with, as a fixed statement (issue 14 §5):
the case with this number if the user may see it, locked for the step, with the rows every
step reads (its site, home site and item version). Built by the ORM (`visible_cases` +
`select_for_update` + `select_related`) it cost about 40% of an action's CPU and a second
statement for the user's county centres; here both are one statement composed once.

Visibility is `selectors.visible_cases`, written once more as SQL: the accepting or home site
is one of the user's sites, or the case was escalated to one of the user's sites that is a
county centre. `cases/tests/test_action_lookup.py` holds the two equal. Only the case row is
locked (`FOR UPDATE OF`), as `services.common.locked` does."""

from __future__ import annotations

import functools

from django.db import connection
from django.db.transaction import TransactionManagementError

from yichuang.catalog.models import ItemVersion
from yichuang.common import fastsql
from yichuang.org.models import Site

from .models import Case, Escalation

_PARTS = ((Site, "site"), (Site, "home_site"), (ItemVersion, "item_version"))


@functools.cache
def _sql(vendor: str, sites: int) -> str:
    marks = ", ".join(["%s"] * sites)
    lock = " FOR UPDATE OF c" if connection.features.has_select_for_update_of else ""
    return (
        f"SELECT {fastsql.columns(Case, 'c')}, {fastsql.columns(Site, 's')}, {fastsql.columns(Site, 'h')},"
        f" {fastsql.columns(ItemVersion, 'v')}"
        f" FROM {Case._meta.db_table} c"
        f" JOIN {Site._meta.db_table} s ON s.id = c.site_id"
        f" JOIN {Site._meta.db_table} h ON h.id = c.home_site_id"
        f" JOIN {ItemVersion._meta.db_table} v ON v.id = c.item_version_id"
        f" WHERE c.number = %s AND (c.site_id IN ({marks}) OR c.home_site_id IN ({marks}) OR c.id IN ("
        f"SELECT e.case_id FROM {Escalation._meta.db_table} e JOIN {Site._meta.db_table} t ON t.id = e.to_site_id"
        f" WHERE t.level = %s AND e.to_site_id IN ({marks}))){lock}"
    )


def lock_visible(site_ids: set[int], number: str) -> Case | None:
    """The visible case `number`, its row locked in the caller's transaction, or None."""
    if not connection.in_atomic_block:  # as the ORM's select_for_update: a lock outside one would end at once
        raise TransactionManagementError("lock_visible must run inside the step's transaction")
    if not site_ids:
        return None
    ids = sorted(site_ids)
    with fastsql.bound_cursor() as cursor:
        cursor.execute(_sql(connection.vendor, len(ids)), [number, *ids, *ids, Site.Level.COUNTY.value, *ids])
        row = cursor.fetchone()
    if row is None:
        return None
    at = fastsql.width(Case)
    case = fastsql.instance(Case, row[:at])
    for model, name in _PARTS:
        width = fastsql.width(model)
        Case._meta.get_field(name).set_cached_value(case, fastsql.instance(model, row[at : at + width]))
        at += width
    return case
