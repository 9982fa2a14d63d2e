"""用统一身份认证登录 against the real local provider process (R-60, issue 17 §7): the whole
authorization code flow with state, nonce and PKCE, then who the person is here."""

import logging

import pytest

from yichuang.portal.models import CitizenAccount
from yichuang.portal.selectors import SESSION_APPLICANT

from ..models import StaffIdentity
from .conftest import CITIZEN, CLERK_SUBJECT, NEWCOMER, STRANGER_SUBJECT
from .factories import linked_clerk, registered_person
from .provider_process import path_and_query, query, sign_in

pytestmark = pytest.mark.django_db


def log_in(client, door: str, username: str):
    """Click 用统一身份认证登录, sign in at the provider, come back: our callback's response."""
    start = client.post(f"/sso/{door}/start/")
    assert start.status_code == 302
    back = sign_in(start["Location"], username)
    return client.get(path_and_query(back)), back


def refusal(client, response, door: str = "hall"):
    """The refusal page the callback sent the browser to (403, Chinese)."""
    assert response.status_code == 302 and response["Location"] == f"/sso/{door}/refused/"
    page = client.get(response["Location"])
    assert page.status_code == 403
    return page.content.decode()


def test_the_start_sends_state_nonce_and_a_pkce_challenge(client, oidc):
    params = query(client.post("/sso/hall/start/")["Location"])
    assert params["response_type"] == "code"
    assert params["state"] and params["nonce"]
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) == 43


def test_a_known_person_lands_in_my_cases_as_themself(client, oidc):
    person = registered_person(CITIZEN)
    response, _ = log_in(client, "hall", "citizen")
    assert response.status_code == 302 and response["Location"] == "/hall/cases/"
    account = CitizenAccount.objects.get(applicant=person)
    assert client.session["_auth_user_id"] == str(account.user_id)
    assert client.session[SESSION_APPLICANT] == person.pk
    assert client.get("/hall/cases/").status_code == 200


def test_a_person_seen_for_the_first_time_is_registered_with_the_verified_phone(client, oidc):
    response, _ = log_in(client, "hall", "newcomer")
    assert response["Location"] == "/hall/cases/"
    account = CitizenAccount.objects.select_related("applicant").get(phone=NEWCOMER["phone_number"])
    assert (account.applicant.citizen_id, account.applicant.name) == (NEWCOMER["id_number"], NEWCOMER["name"])


def test_a_second_login_finds_the_same_account(client, oidc):
    log_in(client, "hall", "newcomer")
    client.logout()
    log_in(client, "hall", "newcomer")
    assert CitizenAccount.objects.filter(phone=NEWCOMER["phone_number"]).count() == 1


def test_a_phone_code_account_is_bound_to_the_person_the_platform_verified(client, oidc):
    from yichuang.portal.tests.factories import logged_in_account

    account = logged_in_account(NEWCOMER["phone_number"])
    log_in(client, "hall", "newcomer")
    account.refresh_from_db()
    assert account.applicant.citizen_id == NEWCOMER["id_number"]


def test_a_name_that_differs_from_the_registered_one_is_refused(client, oidc):
    registered_person(CITIZEN, name="林小燕")
    response, _ = log_in(client, "hall", "citizen")
    assert "姓名与本系统登记的不一致" in refusal(client, response)
    assert "_auth_user_id" not in client.session


def test_a_new_person_without_a_verified_phone_is_refused_with_the_phone_code_fallback(client, oidc):
    response, _ = log_in(client, "hall", "nophone")
    assert "请用手机验证码登录" in refusal(client, response)


def test_a_linked_clerk_lands_on_the_workbench_home(client, oidc):
    clerk = linked_clerk(oidc, CLERK_SUBJECT)
    response, _ = log_in(client, "staff", "clerk")
    assert response.status_code == 302 and response["Location"] == "/workbench/"
    assert client.session["_auth_user_id"] == str(clerk.pk)
    assert StaffIdentity.objects.get(user=clerk).last_login_at is not None


def test_an_unknown_staff_subject_is_refused_with_a_chinese_page(client, oidc):
    linked_clerk(oidc, CLERK_SUBJECT)
    response, _ = log_in(client, "staff", "stranger")
    assert "尚未关联本系统的工作人员账号" in refusal(client, response, "staff")
    assert "_auth_user_id" not in client.session


def test_a_link_from_another_issuer_does_not_count(client, oidc):
    linked_clerk("https://another-province.example", STRANGER_SUBJECT)
    response, _ = log_in(client, "staff", "stranger")
    assert "尚未关联" in refusal(client, response, "staff")


def test_a_linked_account_without_roles_is_refused(client, oidc):
    clerk = linked_clerk(oidc, CLERK_SUBJECT)
    clerk.staff_roles.all().delete()
    response, _ = log_in(client, "staff", "clerk")
    assert "没有任何站点的岗位" in refusal(client, response, "staff")


def test_a_replayed_state_is_refused(client, oidc):
    registered_person(CITIZEN)
    first, back = log_in(client, "hall", "citizen")
    assert first.status_code == 302
    client.logout()
    again = client.get(path_and_query(back))
    assert "登录请求已失效或已使用" in refusal(client, again)
    assert "_auth_user_id" not in client.session


def test_a_callback_from_another_browser_session_is_refused(client, oidc):
    from django.test import Client

    start = client.post("/sso/hall/start/")
    back = sign_in(start["Location"], "citizen")
    other = Client()
    assert "登录请求已失效或已使用" in refusal(other, other.get(path_and_query(back)))


def test_the_door_the_login_started_at_is_the_only_one_it_can_finish_at(client, oidc):
    start = client.post("/sso/hall/start/")
    back = sign_in(start["Location"], "clerk")
    response = client.get(path_and_query(back).replace("/sso/hall/", "/sso/staff/"))
    assert "登录请求已失效或已使用" in refusal(client, response, "staff")


def test_no_token_or_id_number_reaches_the_log(client, oidc, caplog):
    caplog.set_level(logging.DEBUG)
    log_in(client, "hall", "newcomer")
    client.logout()
    _, back = log_in(client, "hall", "newcomer")
    client.get(path_and_query(back))  # a refused replay writes its log line too
    text = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "sso login refused: state" in text
    for secret in (NEWCOMER["id_number"], NEWCOMER["phone_number"], query(back)["code"], "eyJ"):
        assert secret not in text
