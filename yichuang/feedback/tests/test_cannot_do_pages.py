"""办不成事 public form (R-51): no login, CSRF, limited per address, phone masked afterwards."""

import pytest
from django.test import Client

from yichuang.feedback.models import UnresolvedReport

pytestmark = pytest.mark.django_db


def form(fw, **kw):
    return {
        "site": fw.site.code,
        "matter": "想办老年证,被告知去县里",
        "place": "",
        "name": "",
        "phone": "13812345678",
        **kw,
    }


def test_the_form_is_public(fw):
    page = Client().get("/feedback/cannot-do/").content.decode()
    assert fw.site.name in page and "csrfmiddlewaretoken" in page


def test_a_report_is_taken_and_the_phone_is_shown_masked(fw):
    client = Client()
    response = client.post("/feedback/cannot-do/", form(fw), follow=True)
    page = response.content.decode()
    assert UnresolvedReport.objects.count() == 1 and "138****5678" in page and "13812345678" not in page


def test_a_bad_phone_is_shown_back_in_chinese(fw):
    response = Client().post("/feedback/cannot-do/", form(fw, phone="123"))
    assert response.status_code == 400 and "联系电话" in response.content.decode()
    assert not UnresolvedReport.objects.exists()


def test_the_form_refuses_a_post_without_csrf(fw):
    response = Client(enforce_csrf_checks=True).post("/feedback/cannot-do/", form(fw))
    assert response.status_code == 403 and not UnresolvedReport.objects.exists()


def test_submissions_are_limited_per_address(fw, settings):
    settings.YICHUANG_FEEDBACK = {"CANNOT_DO_RATE": "2/hour"}
    client = Client()
    statuses = [client.post("/feedback/cannot-do/", form(fw)).status_code for _ in range(3)]
    assert statuses[:2] == [302, 302] and statuses[2] == 429 and UnresolvedReport.objects.count() == 2


def test_the_thanks_page_without_a_report_goes_back_to_the_form():
    response = Client().get("/feedback/cannot-do/thanks/")
    assert response.status_code == 302 and response["Location"] == "/feedback/cannot-do/"
