"""A step locks its case's row and nothing else (issue 14 §5): a plain FOR UPDATE with the
joined site and item rows would make every action at a centre wait for every other one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yichuang.cases import services
from yichuang.cases.tests.factories import make_world
from yichuang.workbench.tests.test_pages import new_case

pytestmark = pytest.mark.django_db


def test_a_step_locks_only_the_case_row():
    world = make_world()
    case = new_case(world)
    with CaptureQueriesContext(connection) as queries:
        services.accept(case, world.clerk)
    locking = [
        q["sql"]
        for q in queries.captured_queries  # the case read (the audit chain locks its head row too)
        if "FOR UPDATE" in q["sql"] and 'FROM "cases_case"' in q["sql"]
    ]
    if connection.features.has_select_for_update:  # PostgreSQL; SQLite locks the whole database instead
        assert locking, "the step took no row lock"
    assert all('FOR UPDATE OF "cases_case"' in sql for sql in locking), locking


def test_an_action_reads_the_working_day_calendar_once_per_request():
    """Accepting moves two due dates: two readings of the calendar, one read."""
    from yichuang.cases.tests.test_api import act, client_for, intake

    world = make_world()
    number = intake(world)["number"]
    with CaptureQueriesContext(connection) as queries:
        assert act(client_for(world.clerk), number, "accept").status_code == 200
    assert sum("org_calendaryear" in q["sql"] for q in queries.captured_queries) == 1


def test_the_case_detail_reads_no_part_the_case_does_not_have():
    """Most cases have no notice, suspension, extension or joint task: the detail's main query
    says so (EXISTS), and nothing more is read for them."""
    from yichuang.cases.tests.test_api import client_for, intake

    world = make_world()
    number = intake(world)["number"]
    with CaptureQueriesContext(connection) as queries:
        assert client_for(world.clerk).get(f"/api/v1/cases/{number}/").status_code == 200
    tables = ("cases_supplementnotice", "cases_clocksuspension", "cases_extension", "cases_jointtask")
    own_reads = [
        q["sql"] for q in queries.captured_queries if any(q["sql"].startswith(f'SELECT "{t}"') for t in tables)
    ]
    assert own_reads == []
