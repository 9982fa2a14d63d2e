"""Decision 0141: the session and its staff user (with every role) are read by one statement,
and every guarantee of reading them apart stays — revocation is seen by the very next request."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from yichuang.common import sessions
from yichuang.org.models import StaffRole, User
from yichuang.org.tests.factories import StaffRoleFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/cases/"


def clerk_client():
    user = StaffRoleFactory(role=StaffRole.Role.CLERK).user
    client = Client()
    client.force_login(user)
    assert client.get(LIST).status_code == 200  # this process now knows whose session it is
    return client, user


def session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def reads_of(queries, table: str) -> list[str]:
    return [q["sql"] for q in queries if f"FROM {table}" in q["sql"] or f'FROM "{table}"' in q["sql"]]


def test_a_known_session_and_its_user_with_roles_are_one_statement():
    client, _user = clerk_client()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST).status_code == 200
    session_reads = [q["sql"] for q in ctx.captured_queries if Session._meta.db_table in q["sql"]]
    assert len(session_reads) == 1
    assert User._meta.db_table in session_reads[0] and StaffRole._meta.db_table in session_reads[0]
    assert reads_of(ctx.captured_queries, User._meta.db_table) == []  # no second read of the user


def test_a_session_ended_elsewhere_is_refused_on_the_next_request():
    client, _user = clerk_client()
    Session.objects.filter(session_key=session_key(client)).delete()  # a logout in another worker
    assert client.get(LIST).status_code == 403


def test_an_expired_session_is_refused_on_the_next_request():
    client, _user = clerk_client()
    Session.objects.filter(session_key=session_key(client)).update(expire_date="2000-01-01T00:00:00Z")
    assert client.get(LIST).status_code == 403


def test_a_removed_role_is_seen_on_the_next_request():
    client, user = clerk_client()
    StaffRole.objects.filter(user=user).delete()
    assert client.get(LIST).status_code == 403


def test_a_deactivated_account_is_refused_on_the_next_request():
    client, user = clerk_client()
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(LIST).status_code == 403


def test_a_changed_password_ends_a_known_session():
    client, user = clerk_client()
    user.set_password("another-long-password-2")
    user.save()
    assert client.get(LIST).status_code == 403


def test_a_wrong_guess_is_not_taken_for_the_user():
    client, user = clerk_client()
    other = StaffRoleFactory(role=StaffRole.Role.CLERK).user
    sessions._user_of[session_key(client)] = other.pk  # as if the key had named someone else
    response = client.get(LIST)
    assert response.status_code == 200 and response.wsgi_request.user.pk == user.pk
    assert sessions._user_of[session_key(client)] == user.pk  # corrected for the next request
