"""A queue's rows read by a statement compiled once (issue 20: every workbench page fast at
1,000,000 cases; decision 0115).

Composing a queue's statement through the ORM — the table's conditions for one desk, the
visibility rule, the joins, the columns — cost more CPU than PostgreSQL spends running it:
about two thirds of a home page's queue work. That statement depends only on who asks at which
desk (the role, its site and department, the user's sites), never on the cases, so it is
composed once per process for each such key and afterwards only run with its parameters. The
key must name everything the statement is built from: the caller passes it with the builder.

The rows come back as plain values (the fields' own converters applied, as the ORM would, as in
common.fastsql) into
light rows with what home.html shows of a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from django.db import connections, router
from django.db.models import Count, Window

from yichuang.cases.models import Case
from yichuang.cases.workflow import State
from yichuang.people.models import Applicant

COLUMNS = (
    "number",
    "state",
    "received_at",
    "deemed_accepted_on",
    "item_version__name",
    "applicant__kind",
    "applicant__name",
    "applicant__citizen_id",
    "applicant__credit_code",
)
_SLOTS = 4096  # distinct (desk, person) statements kept; a county has a few hundred
_STATEMENTS: dict[tuple, tuple[str, tuple]] = {}


@dataclass(slots=True)
class Row:
    """One case of a queue, as its row on the home page shows it."""

    number: str
    state: str
    received_at: object
    deemed_accepted_on: object
    item_version: SimpleNamespace
    applicant: Applicant
    href: str = ""

    def get_state_display(self) -> str:
        return State(self.state).label


def read(key: tuple, build, limit: int) -> tuple[list[Row], int]:
    """The first `limit` rows of the queue `build()` gives (a Case queryset, ordered) and how many
    wait in it. `key` names everything `build` composes its statement from."""
    alias = router.db_for_read(Case)
    connection = connections[alias]
    full_key = (connection.vendor, alias, limit, *key)
    statement = _STATEMENTS.get(full_key)
    if statement is None:
        qs = build().annotate(queue_total=Window(Count("pk"))).values_list(*COLUMNS, "queue_total")[:limit]
        statement = qs.query.get_compiler(using=alias).as_sql()
        if len(_STATEMENTS) >= _SLOTS:
            _STATEMENTS.clear()
        _STATEMENTS[full_key] = statement
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        found = cursor.fetchall()
    rows = [_row(values, connection) for values in found]
    return rows, (found[0][-1] if found else 0)


def _convert(name: str, value, connection):
    field = Case._meta.get_field(name)
    col = field.get_col(Case._meta.db_table)
    for fn in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
        value = fn(value, col, connection)
    return value


def _row(values, connection) -> Row:
    number, state, received, deemed, item_name, kind, name, citizen_id, credit_code, _ = values
    return Row(
        number,
        state,
        _convert("received_at", received, connection),
        _convert("deemed_accepted_on", deemed, connection),
        SimpleNamespace(name=item_name),
        # The applicant model's own masking (a citizen ID is personal data; a credit code is public).
        Applicant(kind=kind, name=name, citizen_id=citizen_id, credit_code=credit_code),
    )
