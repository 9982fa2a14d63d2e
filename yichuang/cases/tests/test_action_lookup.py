"""An action's first read (cases/action_lookup.py, fixed SQL) finds exactly the cases
`selectors.visible_cases` shows, locks only the case row, and runs in a transaction of its
own when the request has none (issue 14 §5)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yichuang.cases import selectors
from yichuang.cases.models import Case, Escalation
from yichuang.cases.tests.factories import make_world
from yichuang.cases.tests.test_api import CASES, act, client_for, intake, post, staff
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import TownshipSiteFactory

pytestmark = pytest.mark.django_db


def locked_like_the_orm(user, number: str) -> Case | None:
    with transaction.atomic():
        found = selectors.lock_visible_case(user, number)
        expected = selectors.visible_cases(user).filter(number=number).first()
    assert (found and found.pk) == (expected and expected.pk)
    return found


def test_the_fixed_lookup_sees_what_the_selectors_see():
    world = make_world()
    number = intake(world)["number"]
    county = world.site.parent
    other_township = staff(TownshipSiteFactory(parent=county), StaffRole.Role.CLERK)
    county_clerk = staff(county, StaffRole.Role.CLERK)
    found = locked_like_the_orm(world.clerk, number)
    assert (found.site, found.home_site, found.item_version) == (world.site, world.site, world.version)
    assert [
        f.attname
        for f in Case._meta.concrete_fields
        if getattr(found, f.attname) != getattr(Case.objects.get(pk=found.pk), f.attname)
    ] == []
    assert locked_like_the_orm(other_township, number) is None
    assert locked_like_the_orm(county_clerk, number) is None
    Escalation.objects.create(case=found, to_site=county, tracker=world.clerk, sent_at=timezone.now())
    assert locked_like_the_orm(county_clerk, number).pk == found.pk
    assert locked_like_the_orm(world.clerk, "NO-SUCH") is None


def test_an_api_action_locks_only_the_case_row():
    world = make_world()
    number = intake(world)["number"]
    with CaptureQueriesContext(connection) as queries:
        assert act(client_for(world.clerk), number, "accept").status_code == 200
    case_locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"] and "cases_case" in q["sql"]]
    if connection.features.has_select_for_update:  # PostgreSQL; SQLite locks the whole database instead
        assert len(case_locks) == 1 and case_locks[0].endswith("FOR UPDATE OF c"), case_locks


@pytest.mark.django_db(transaction=True)
def test_an_action_without_an_idempotency_key_runs_in_its_own_transaction():
    # Outside a test's transaction, as under gunicorn: a row lock with no transaction would be a 500.
    world = make_world()
    number = intake(world)["number"]
    response = post(client_for(world.clerk), f"{CASES}{number}/accept/", {}, key=None)
    assert response.status_code == 200, response.content
    assert Case.objects.get(number=number).state == "accepted"


def test_a_refused_action_without_a_key_leaves_the_callers_transaction_usable():
    # A test (or any caller) holding a transaction around the request: the refusal is rolled
    # back to the view's own savepoint, not left to poison the caller's transaction.
    world = make_world()
    number = intake(world)["number"]
    assert post(client_for(world.clerk), f"{CASES}NO-SUCH/accept/", {}, key=None).status_code == 404
    assert post(client_for(world.approver), f"{CASES}{number}/accept/", {}, key=None).status_code == 403
    assert Case.objects.get(number=number).accepted_on is None
