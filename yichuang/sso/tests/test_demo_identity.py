"""`make demo`'s 统一身份认证: the local provider's demo citizen and demo clerk are people the demo
county knows — the citizen lands in 我的办件 with the cases the demo gave them, the clerk on the
workbench. The demo is loaded once for this module, inside a transaction rolled back at the end
(as tests/test_demo_county.py does)."""

import io

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from yichuang.cases.models import Case
from yichuang.common.testing import worker_port
from yichuang.demo import county as C
from yichuang.demo.loader import load
from yichuang.portal.models import CitizenAccount

from .. import local_provider
from .conftest import configure
from .provider_process import path_and_query, running_provider, sign_in

pytestmark = pytest.mark.django_db
PORT = worker_port(9240)


@pytest.fixture(scope="module")
def demo_provider(django_db_setup, django_db_blocker, tmp_path_factory):
    url = f"http://127.0.0.1:{PORT}"
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(YICHUANG_OIDC={**settings.YICHUANG_OIDC, "URL": url}),
    ):
        load(io.StringIO())
        users = local_provider.demo_users()
        with running_provider(tmp_path_factory.mktemp("demo-op"), PORT, ["http://testserver"], users):
            yield url
        transaction.set_rollback(True)


def log_in(client, door: str, username: str):
    start = client.post(f"/sso/{door}/start/")
    return client.get(path_and_query(sign_in(start["Location"], username, password=C.PASSWORD)))


def test_the_demo_citizen_sees_the_cases_the_demo_gave_them(client, settings, demo_provider):
    configure(settings, demo_provider)
    assert log_in(client, "hall", local_provider.DEMO_CITIZEN_USERNAME)["Location"] == "/hall/cases/"
    person = CitizenAccount.objects.select_related("applicant").get(user_id=client.session["_auth_user_id"]).applicant
    number = Case.objects.filter(applicant=person).values_list("number", flat=True).first()
    assert number and number in client.get("/hall/cases/").content.decode()


def test_the_demo_clerk_lands_on_the_workbench(client, settings, demo_provider):
    configure(settings, demo_provider)
    assert log_in(client, "staff", local_provider.DEMO_STAFF_USERNAME)["Location"] == "/workbench/"
