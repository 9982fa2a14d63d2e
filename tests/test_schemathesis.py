"""Every operation of our OpenAPI document, fuzzed as every kind of user (issue 8; decision 0016).

The schema is the one drf-spectacular serves at /api/schema/, loaded at test time through the
WSGI application, so a new API operation is tested as soon as it exists. For each operation and
each principal (nobody, a logged-in citizen, and each staff role of a township) Schemathesis
generates requests from the schema and sends them in-process through Django. Every answer must:

- not be a server error (5xx);
- use a status code, content type and body shape the schema documents;
- when it is a 4xx, be our structured error {"code", "message", "errors": [...]} (common/errors.py).

Path parameters named `number` get a real case of the township half of the time, so the
operations are exercised on a live case and not only answer 404. SCHEMATHESIS_MAX_EXAMPLES
bounds the examples per operation and principal (CI time).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from authz.conftest import intake_cases  # tests/ is on the path: the matrix's real cases
from django.conf import settings
from django.core import signals
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from yichuang.cases.tests.factories import make_world
from yichuang.org.models import StaffRole, User
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
from yichuang.wsgi import application

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "5"))
PRINCIPALS = ["anonymous", "citizen", *[r.value for r in StaffRole.Role]]
# Loaded at collection, before any test may touch the database: the schema view's throttle counts in
# the cache, which is the database's own table by default (yichuang.ops), so count in memory here.
with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
# The schema's own examples and Hypothesis fuzzing; the coverage phase (every boundary value of
# every field) multiplies the run time several-fold — SCHEMATHESIS_COVERAGE=1 turns it on locally.
schema.config.phases.coverage.enabled = os.environ.get("SCHEMATHESIS_COVERAGE") == "1"


def structured_error(ctx, response, case):
    """Our error shape on every 4xx, so no client ever parses prose."""
    if 400 <= response.status_code < 500:
        body = response.json()
        assert isinstance(body, dict) and {"code", "message", "errors"} <= body.keys(), (
            f"{response.status_code} without the structured error: {response.text[:300]}"
        )
        assert isinstance(body["code"], str) and body["code"] and isinstance(body["message"], str) and body["message"]
        assert isinstance(body["errors"], list)
        for problem in body["errors"]:
            assert {"field", "code", "message"} <= problem.keys(), problem
    return None


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def session_for(user) -> dict[str, str]:
    """A real session cookie and a CSRF cookie, as a browser holding the login would send them
    (DRF's session authentication checks CSRF on every write)."""
    cookies = {settings.CSRF_COOKIE_NAME: _get_new_csrf_string()}
    if user is not None:
        client = Client()
        client.force_login(User.objects.get(pk=user.pk))
        cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


@pytest.fixture
def in_process_requests():
    """Requests go through the WSGI application directly: like Django's test client, keep the
    request signals from closing the test's database connection (and its transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def township(db, in_process_requests):
    world = make_world()
    users = {"anonymous": None, "citizen": UserFactory(username="citizen")}
    for role in StaffRole.Role:
        if role == StaffRole.Role.CLERK:
            users[role.value] = world.clerk
        elif role == StaffRole.Role.APPROVER:
            users[role.value] = world.approver
        else:
            users[role.value] = StaffRoleFactory(site=world.site, role=role, user=UserFactory()).user
    world.numbers = [c.number for c in intake_cases(world, 2)]
    world.users = users
    return world


@pytest.mark.parametrize("principal", PRINCIPALS)
@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
def test_api_operation_answers_within_its_contract(case, principal, township):
    cookies = session_for(township.users[principal])
    headers = {"X-CSRFToken": cookies[settings.CSRF_COOKIE_NAME]}
    generated = (case.path_parameters or {}).get("number")
    if isinstance(generated, str) and len(generated) % 2 == 0:  # half the examples, the same on replay
        case.path_parameters["number"] = township.numbers[len(generated) // 2 % len(township.numbers)]
    case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS, additional_checks=[structured_error])
