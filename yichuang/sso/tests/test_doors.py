"""The login pages' 用统一身份认证登录 button, the limits on its doors, logout, and OIDC off."""

import re
from urllib.parse import urljoin

import pytest
import requests
from django.test import Client

from .conftest import CITIZEN, CLERK_SUBJECT
from .factories import linked_clerk, registered_person
from .provider_process import path_and_query, sign_in

pytestmark = pytest.mark.django_db

BUTTON = "用统一身份认证登录"


@pytest.mark.parametrize("page", ["/hall/login/", "/workbench/login/"])
def test_both_login_pages_offer_the_platform_and_keep_their_own_form(client, oidc, page):
    html = client.get(page).content.decode()
    assert BUTTON in html
    assert 'name="password"' in html or 'name="phone"' in html  # the fallback stays


@pytest.mark.parametrize("page", ["/hall/login/", "/workbench/login/"])
def test_without_a_configured_provider_the_button_is_not_shown(client, settings, page):
    settings.YICHUANG_OIDC = {**settings.YICHUANG_OIDC, "URL": "", "CLIENT_ID": "", "CLIENT_SECRET": ""}
    assert BUTTON not in client.get(page).content.decode()
    assert client.post("/sso/hall/start/").status_code == 404


def test_the_start_is_a_post_with_a_csrf_token(oidc):
    browser = Client(enforce_csrf_checks=True)
    assert browser.get("/sso/hall/start/").status_code == 405
    assert browser.post("/sso/hall/start/").status_code == 403  # no token: the CSRF page


def test_the_next_page_the_login_was_asked_for_is_where_it_lands(client, oidc):
    registered_person(CITIZEN)
    start = client.post("/sso/hall/start/", {"next": "/hall/messages/"})
    response = client.get(path_and_query(sign_in(start["Location"], "citizen")))
    assert response["Location"] == "/hall/messages/"


def test_a_next_page_on_another_site_is_ignored(client, oidc):
    registered_person(CITIZEN)
    start = client.post("/sso/hall/start/", {"next": "//evil.example/"})
    response = client.get(path_and_query(sign_in(start["Location"], "citizen")))
    assert response["Location"] == "/hall/cases/"


def test_login_starts_are_rate_limited_per_address(client, oidc, settings):
    settings.YICHUANG_OIDC = {**settings.YICHUANG_OIDC, "RATE": "2/min"}
    assert [client.post("/sso/staff/start/").status_code for _ in range(3)] == [302, 302, 429]
    assert "请稍后再试" in client.post("/sso/staff/start/").content.decode()


def test_callbacks_are_rate_limited_per_address(client, oidc, settings):
    settings.YICHUANG_OIDC = {**settings.YICHUANG_OIDC, "RATE": "1/min"}
    assert [client.get("/sso/hall/callback/?code=x&state=y").status_code for _ in range(2)] == [302, 429]


def test_logout_ends_the_session_here_and_at_the_platform(client, oidc):
    registered_person(CITIZEN)
    start = client.post("/sso/hall/start/")
    client.get(path_and_query(sign_in(start["Location"], "citizen")))
    response = client.post("/sso/logout/")
    assert "_auth_user_id" not in client.session
    assert response["Location"].startswith(f"{oidc}/session/end?client_id=")
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Fhall%2F" in response["Location"]


def test_the_platform_ends_its_session_and_sends_the_clerk_back_to_the_login_page(client, oidc):
    browser = requests.Session()
    linked_clerk(oidc, CLERK_SUBJECT)
    start = client.post("/sso/staff/start/")
    client.get(path_and_query(sign_in(start["Location"], "clerk", session=browser)))
    page = browser.get(client.post("/sso/logout/")["Location"], timeout=5)
    assert "是否同时退出统一身份认证平台" in page.text
    action = re.search(r'action="([^"]+)"', page.text).group(1)
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', page.text).group(1)
    done = browser.post(urljoin(oidc, action), data={"xsrf": xsrf, "logout": "yes"}, allow_redirects=False)
    assert done.headers["Location"] == "http://testserver/workbench/login/"


def test_a_password_session_logs_out_locally_only(client, oidc):
    clerk = linked_clerk(oidc, CLERK_SUBJECT)
    client.force_login(clerk)
    response = client.post("/sso/logout/", {"door": "staff"})
    assert response["Location"] == "http://testserver/workbench/login/"
    assert "_auth_user_id" not in client.session


def test_a_session_from_the_platform_logs_out_through_the_platform(client, oidc):
    registered_person(CITIZEN)
    start = client.post("/sso/hall/start/")
    client.get(path_and_query(sign_in(start["Location"], "citizen")))
    assert 'action="/sso/logout/"' in client.get("/hall/cases/").content.decode()


def test_a_phone_code_session_keeps_the_halls_own_logout(client, oidc):
    from yichuang.portal.tests.factories import citizen

    client.force_login(citizen().user)
    assert 'action="/hall/logout/"' in client.get("/hall/cases/").content.decode()
