"""The OpenAPI schema documents every cases endpoint with its request and response, and every
key the API answers is documented; an intake costs a known number of statements."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers

from yichuang.cases.steps import ACTS

ACTIONS = list(ACTS.values())
from yichuang.cases.api.actions import StepAnswerSerializer
from yichuang.cases.api.representations import CaseDetailSerializer, CaseRowSerializer
from yichuang.cases.tests.factories import make_world
from yichuang.cases.tests.test_api import CASES, act, client_for, intake, intake_body, post
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory

pytestmark = pytest.mark.django_db
EMPTY_BODY = {spec.slug for spec in ACTIONS if not spec.input().fields}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/schema/", {"format": "json"}).json()


def test_the_schema_lists_every_cases_endpoint(schema):
    expected = {"/api/v1/applicants/", "/api/v1/cases/", "/api/v1/cases/{number}/"} | {
        "/api/v1/cases/{number}/" + spec.slug + "/" for spec in ACTIONS
    }
    assert expected <= set(schema["paths"])


def test_every_write_documents_its_body_its_answer_and_the_idempotency_key(schema):
    for path, operations in schema["paths"].items():
        if path.startswith("/api/v1/cases/") or path == "/api/v1/applicants/":
            post_op = operations.get("post")
            if post_op is None:
                continue
            assert "requestBody" in post_op or path.rstrip("/").rsplit("/", 1)[-1] in EMPTY_BODY, path
            assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in post_op["parameters"]), path
            assert {"200", "201"} & set(post_op["responses"]) and "400" in post_op["responses"], path
            assert post_op["summary"] and post_op["description"], path


def test_intake_requires_the_idempotency_key_in_the_schema(schema):
    params = schema["paths"]["/api/v1/cases/"]["post"]["parameters"]
    assert [p["required"] for p in params if p["name"] == "Idempotency-Key"] == [True]


def undocumented(data, serializer, path="") -> list[str]:
    """Keys in `data` that the documenting serializer does not declare, at any depth."""
    if isinstance(serializer, serializers.ListSerializer):
        return [m for item in data for m in undocumented(item, serializer.child, path + "[]")]
    if not isinstance(serializer, serializers.Serializer) or not isinstance(data, dict):
        return []
    fields = serializer.fields
    missing = [f"{path}.{k}" for k in data if k not in fields]
    missing += [f"{path}.{k}" for k in fields if k not in data]
    for key, value in data.items():
        if key in fields and value is not None:
            missing += undocumented(value, fields[key], f"{path}.{key}")
    return missing


def test_every_key_of_a_case_detail_row_and_step_answer_is_documented():
    world = make_world()
    other = StaffRoleFactory(site=world.site, role=StaffRole.Role.CLERK, user=UserFactory()).user
    number = intake(world)["number"]
    clerk = client_for(world.clerk)
    act(clerk, number, "accept")
    answer = act(clerk, number, "escalate", {"to_site": world.site.parent.code, "tracker": other.username}).json()
    assert undocumented(answer, StepAnswerSerializer()) == []
    assert undocumented(clerk.get(answer["detail"]).json(), CaseDetailSerializer()) == []
    assert undocumented(clerk.get(CASES).json()["results"][0], CaseRowSerializer()) == []


def test_an_intake_costs_a_bounded_number_of_statements():
    # 3 request (session, user, roles) + 2 idempotency (claim, answer) + 2 lookups (site with
    # its list entry, applicant; the published version comes from the cache) + 8 in
    # services.receive (list check, licence, number, case, materials, chain head, audit record,
    # outbox; no savepoint) = 15, + SAVEPOINT/RELEASE of the idempotency block (BEGIN/COMMIT
    # outside a test) = 17. The answer is built from the rows written: nothing is read back.
    world = make_world()
    client, body = client_for(world.clerk), intake_body(world)
    post(client, CASES, body)
    with CaptureQueriesContext(connection) as ctx:
        assert post(client, CASES, body).status_code == 201
    assert len(ctx.captured_queries) <= 17, "\n".join(q["sql"][:120] for q in ctx.captured_queries)
