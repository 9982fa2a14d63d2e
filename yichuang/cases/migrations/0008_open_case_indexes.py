"""Partial indexes on the open cases (issue 20, "queues stay fast as a county grows"): the
workbench's queues (cases.where.waiting_for) and the head's caseload ask for cases in open
states at a site, in receiving order. A full (site, state) index holds every case of the
county's history; these hold only the open ones, so they stay the size of the open caseload
however many completed cases pile up (bench/workbench_pages.py, docs/performance.md).

Raw SQL, as in 0007: the predicate must be written exactly as the queries filter
(`state IN (…)`, cases.where.OPEN_STATES) for the planner to prove the index applies, and no
model state changes. PostgreSQL and SQLite both take partial indexes.
"""

from django.db import migrations

OPEN = (
    "prereview",
    "awaiting_supplement",
    "accepted",
    "in_review",
    "special_procedure",
    "review_supplement",
    "escalated",
    "decided",
    "awaiting_delivery",
)
WHERE = "WHERE state IN ({})".format(", ".join(f"'{s}'" for s in OPEN))
INDEXES = [
    ("cases_case_open_at_site", "(site_id, state, received_at, id)"),
    ("cases_case_open_at_home", "(home_site_id, state, received_at, id)"),
    ("cases_case_open_by_owner", "(owner_id, state)"),
]


def create(apps, schema_editor):
    for name, columns in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON cases_case {columns} {WHERE}")


def drop(apps, schema_editor):
    for name, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_search_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
