"""Bad input gets a structured error, never a 500 (invariant 7): garbage is posted to every write
endpoint — wrong types, huge strings, unknown codes, negative and enormous numbers, NUL
characters, malformed and pathological JSON — and every answer is < 500 and well formed."""

import json
import uuid

import pytest
from django.test import Client

from yichuang.cases.api import serializers as inp
from yichuang.cases.steps import ACTS
from yichuang.cases.tests.factories import make_world
from yichuang.cases.tests.test_api import CASES, intake, intake_body
from yichuang.org.models import User

pytestmark = pytest.mark.django_db

VALUES = [
    -1,
    0,
    2**70,
    -(2**70),
    1.5,
    "x" * 100_000,
    "a\u0000b",
    "9" * 5000,
    "2026-13-45",
    {"a": {"b": [1]}},
    [None, 1],
    True,
    None,
    "",
    "../../etc/passwd",
    "<script>alert(1)</script>",
]
KEYS = ["abc", "-1", "0", "1" * 30, "\u0000", "１２", ""]
RAW = [
    '{"a": ',
    "[1, 2, 3]",
    '"text"',
    "null",
    "12",
    "[" * 20_000 + "]" * 20_000,
    '{"x": NaN}',
    '{"days": 1e999999}',
    "\udcff",
    "{" * 3 + "}" * 3,
    "",
]
DICT_FIELDS = {"materials", "lines", "form_data"}

ACTIONS = list(ACTS.values())


def client(user) -> Client:
    c = Client(raise_request_exception=False)  # a 500 must show up as a response to report, not stop the test
    c.force_login(User.objects.get(pk=user.pk))
    return c


def send(c, path, body=None, raw=None, content_type="application/json", key=None):
    data = raw if raw is not None else json.dumps(body)
    return c.post(
        path,
        data=data.encode("utf-8", "surrogatepass"),
        content_type=content_type,
        headers={"Idempotency-Key": key or uuid.uuid4().hex},
    )


def problems_of(response) -> str | None:
    """Why this answer is not acceptable, or None."""
    if response.status_code >= 500:
        return f"server error {response.status_code}"
    if response.status_code < 400:
        return None
    try:
        body = response.json()
    except ValueError:
        return "error body is not JSON"
    if not (
        isinstance(body.get("code"), str)
        and isinstance(body.get("message"), str)
        and isinstance(body.get("errors"), list)
    ):
        return f"unstructured error {body!r:.200}"
    if any(set(e) < {"field", "code", "message"} for e in body["errors"]):
        return f"error item without field/code/message {body!r:.200}"
    return None


def payloads(serializer_class, base: dict):
    """Each field of the endpoint's serializer replaced by each garbage value, nested ones too."""
    for name, field in serializer_class().fields.items():
        for value in VALUES:
            yield {**base, name: value}
        if name in DICT_FIELDS:
            for key in KEYS:
                yield {**base, name: {key: {"status": "received"}}}
                yield {**base, name: {key: "x"}}
        if isinstance(field, inp.serializers.Serializer):  # nested: applicant
            for sub in field.fields:
                for value in VALUES:
                    yield {**base, name: {**base.get(name, {}), sub: value}}
        if name == "materials":
            for sub in ("status", "promised_by", "note"):
                for value in VALUES:
                    yield {**base, name: {"1": {"status": "received", sub: value}}}


def check(c, path, serializer_class, base: dict) -> list[str]:
    failures = []
    for raw in RAW:
        if why := problems_of(send(c, path, raw=raw)):
            failures.append(f"raw {raw[:30]!r}: {why}")
    if why := problems_of(send(c, path, raw="a=1&b=2", content_type="application/x-www-form-urlencoded")):
        failures.append(f"form body: {why}")
    for body in payloads(serializer_class, base):
        if why := problems_of(send(c, path, body)):
            failures.append(f"{json.dumps(body, ensure_ascii=False)[:120]}: {why}")
    return failures


@pytest.fixture
def world():
    return make_world()


def test_garbage_to_intake_never_causes_a_server_error(world):
    assert check(client(world.clerk), CASES, inp.IntakeSerializer, intake_body(world)) == []


def test_garbage_to_the_applicants_endpoint_never_causes_a_server_error(world):
    base = {"kind": "natural", "number": world.applicant.citizen_id}
    assert check(client(world.clerk), "/api/v1/applicants/", inp.ApplicantInputSerializer, base) == []


@pytest.mark.parametrize("spec", ACTIONS, ids=[s.slug for s in ACTIONS])
def test_garbage_to_an_action_never_causes_a_server_error(world, spec):
    number = intake(world)["number"]
    path = f"{CASES}{number}/{spec.slug}/"
    failures = []
    for user in (world.clerk, world.approver):  # past the role check and refused by it
        failures += check(client(user), path, spec.input, {})
    assert failures == []


@pytest.mark.parametrize("key", ["", " ", "\u00fc", "x" * 300, "a\tb"])
def test_a_garbage_idempotency_key_is_a_structured_400(world, key):
    c = client(world.clerk)
    response = c.post(
        CASES, data=json.dumps(intake_body(world)), content_type="application/json", headers={"Idempotency-Key": key}
    )
    assert response.status_code == 400 and problems_of(response) is None


@pytest.mark.parametrize(
    "query",
    [
        {"limit": "-1"},
        {"offset": "9" * 40},
        {"limit": "abc"},
        {"state": "\u0000"},
        {"site": "x" * 5000},
        {"queue": "maybe"},
        {"site": "a\u0000"},
    ],
)
def test_garbage_in_the_list_query_never_causes_a_server_error(world, query):
    assert problems_of(client(world.clerk).get(CASES, query)) is None


@pytest.mark.parametrize("number", ["%00", "x" * 1000, "..%2F..", "中文编号", "%E2%80%AE"])
def test_garbage_case_numbers_are_404(world, number):
    c = client(world.clerk)
    assert c.get(f"{CASES}{number}/").status_code == 404
    response = send(c, f"{CASES}{number}/accept/", {})
    assert response.status_code == 404 and problems_of(response) is None


def test_a_body_over_the_size_limit_is_a_structured_413(world):
    response = send(client(world.clerk), CASES, intake_body(world, form_data={"x": "y" * 300_000}))
    assert (response.status_code, response.json()["code"]) == (413, "request_too_large")
