"""403, 404, 500 and a failed CSRF check speak Chinese to people and JSON to the API (issue 20 §6):
a mistyped address or /feedback/ is a Chinese 404 with a way back; a staff member refused a page
reads why, keeps their bar and can log out; the API keeps its structured codes."""

import pytest
from django.test import Client, override_settings
from django.urls import path

from yichuang.common import error_views
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, TownshipSiteFactory

pytestmark = pytest.mark.django_db


def _fail(request):
    raise RuntimeError("boom")


urlpatterns = [path("hall/boom/", _fail), path("api/v1/boom/", _fail)]
handler500 = "yichuang.common.error_views.server_error"


def test_a_mistyped_address_is_a_chinese_404_with_a_way_back(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in html and 'href="/guide/"' in html
    assert "Not Found" not in html


def test_the_bare_feedback_address_is_a_chinese_404(client):
    response = client.get("/feedback/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_an_unknown_api_address_keeps_a_json_404(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_head_refused_the_inbox_reads_why_in_chinese_and_keeps_the_logout():
    head = StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.HEAD).user
    client = Client()
    client.force_login(head)
    response = client.get("/supervision/inbox/")
    html = response.content.decode()
    assert response.status_code == 403 and "无权访问" in html and "只有监管部门人员可以查看告知收件箱" in html
    assert "Forbidden" not in html and "/workbench/logout/" in html


def test_a_form_posted_without_its_token_gets_a_chinese_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/workbench/login/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403 and "页面已过期" in html and "CSRF verification failed" not in html


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_is_a_chinese_page():
    response = Client(raise_request_exception=False).get("/hall/boom/")
    html = response.content.decode()
    assert response.status_code == 500 and "系统暂时出错" in html and "Server Error" not in html


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_in_the_api_is_json():
    response = Client(raise_request_exception=False).get("/api/v1/boom/")
    assert response.status_code == 500 and response.json()["code"] == "server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_the_server_error_page_still_speaks_chinese_when_its_template_cannot_render(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(error_views, "render_plain", broken)
    response = Client(raise_request_exception=False).get("/hall/boom/")
    assert response.status_code == 500 and "系统暂时出错" in response.content.decode()
