"""Idempotency-Key on every write (invariant 7): a retry never creates a second case."""

import pytest

from yichuang.cases.models import Case
from yichuang.cases.tests.factories import make_world
from yichuang.cases.tests.test_api import CASES, act, client_for, intake, intake_body, post
from yichuang.common.models import IdempotencyRecord
from yichuang.common.testing import run_together
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
from yichuang.people.tests.test_licence_concurrency import database_for_threads


@pytest.fixture
def world(db):
    return make_world()


def test_a_retry_with_the_same_key_returns_the_same_case_and_creates_no_second(world):
    client = client_for(world.clerk)
    first = post(client, CASES, intake_body(world), key="retry-1")
    again = post(client, CASES, intake_body(world), key="retry-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content and again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Case.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_with_409(world):
    client = client_for(world.clerk)
    post(client, CASES, intake_body(world), key="reused")
    response = post(client, CASES, intake_body(world, channel="online"), key="reused")
    assert (response.status_code, response.json()["code"]) == (409, "idempotency_key_reused")
    assert Case.objects.count() == 1


def test_the_same_body_with_reordered_keys_is_the_same_request(world):
    client, body = client_for(world.clerk), intake_body(world)
    post(client, CASES, body, key="order")
    response = post(client, CASES, dict(reversed(list(body.items()))), key="order")
    assert (response.status_code, response["Idempotent-Replayed"]) == (201, "true")


def test_intake_without_a_key_is_refused_and_writes_nothing(world):
    response = post(client_for(world.clerk), CASES, intake_body(world), key=None)
    assert (response.status_code, response.json()["code"]) == (400, "idempotency_key_required")
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert Case.objects.count() == 0


@pytest.mark.parametrize("key", ["", "有中文", "with space", "x" * 256])
def test_a_malformed_key_is_refused(world, key):
    response = post(client_for(world.clerk), CASES, intake_body(world), key=key)
    assert (response.status_code, response.json()["code"]) in {
        (400, "invalid_idempotency_key"),
        (400, "idempotency_key_required"),
    }
    assert Case.objects.count() == 0


def test_keys_belong_to_one_user(world):
    other_clerk = StaffRoleFactory(site=world.site, role=StaffRole.Role.CLERK, user=UserFactory()).user
    post(client_for(world.clerk), CASES, intake_body(world), key="shared")
    response = post(client_for(other_clerk), CASES, intake_body(world), key="shared")
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert Case.objects.count() == 2


def test_a_failed_request_does_not_use_up_its_key(world):
    client, body = client_for(world.clerk), intake_body(world)
    bad = {**body, "materials": {"999999": {"status": "received"}}}
    assert post(client, CASES, bad, key="after-failure").status_code == 400
    assert IdempotencyRecord.objects.count() == 0
    assert post(client, CASES, body, key="after-failure").status_code == 201


def test_an_action_retried_with_its_key_is_replayed_not_refused(world):
    client = client_for(world.clerk)
    number = intake(world)["number"]
    first = post(client, f"{CASES}{number}/accept/", {}, key="accept-1")
    again = post(client, f"{CASES}{number}/accept/", {}, key="accept-1")
    assert (first.status_code, again.status_code, again["Idempotent-Replayed"]) == (200, 200, "true")
    without_key = act(client, number, "accept")
    assert (without_key.status_code, without_key.json()["code"]) == (400, "transition_not_allowed")


def test_the_stored_answer_commits_with_the_case(world):
    number = post(client_for(world.clerk), CASES, intake_body(world), key="stored").json()["number"]
    record = IdempotencyRecord.objects.get(key="stored")
    assert (record.user, record.status_code, record.method) == (world.clerk, 201, "POST")
    assert number in record.body


# ---------------------------------------------------------------- two real threads, one key

THREADS = 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_create_exactly_one_case(tmp_path):
    world = make_world()
    body = intake_body(world)
    with database_for_threads(tmp_path):
        clients = run_together([lambda: client_for(world.clerk)] * THREADS)  # sessions in the threads' database
        responses = run_together([lambda c=c: post(c, CASES, body, key="at-once") for c in clients])
        (stored,) = run_together([lambda: (Case.objects.count(), IdempotencyRecord.objects.count())])
    assert all(not isinstance(r, Exception) for r in responses), responses
    assert [r.status_code for r in responses] == [201] * THREADS
    assert len({r.json()["number"] for r in responses}) == 1
    assert sum(r.has_header("Idempotent-Replayed") for r in responses) == THREADS - 1
    assert stored == (1, 1)
