"""Indexes for case search (cases.search): the keyset order, and prefix indexes for the number
tail, the applicant's name and the phone tail (a tail is a prefix of the reversed text).

Raw SQL because the prefix indexes need PostgreSQL's pattern operator classes (a LIKE 'x%' uses
a plain index only under the C collation) on expressions, which Django's Index cannot give
portably; SQLite (the demo and the tests) gets the keyset index only. No model state changes, so
the models and makemigrations are unaffected. The applicant indexes live here, beside the search
that needs them, rather than in people.
"""

from django.db import migrations

BOTH = [
    ("cases_case_received_keyset", "cases_case", "(received_at, id)"),
]
POSTGRESQL = [
    ("cases_case_number_tail", "cases_case", "((reverse(number)::text) text_pattern_ops)"),
    ("people_applicant_name_prefix", "people_applicant", "(name varchar_pattern_ops)"),
    ("people_applicant_phone_tail", "people_applicant", "((reverse(phone)::text) text_pattern_ops)"),
]


def _indexes(schema_editor):
    return BOTH + (POSTGRESQL if schema_editor.connection.vendor == "postgresql" else [])


def create(apps, schema_editor):
    for name, table, columns in _indexes(schema_editor):
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns}")


def drop(apps, schema_editor):
    for name, _, _ in _indexes(schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_escalation_on_the_county_platform"),
        ("people", "0002_applicant_representative_and_more"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
