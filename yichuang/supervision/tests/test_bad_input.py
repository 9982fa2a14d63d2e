"""Bad query strings and bodies are the caller's mistake (issue 13): a clear 400 — a Chinese
message on pages, a structured `code` in the API — never a 500 and never a silent default."""

import pytest
from django.urls import reverse

from yichuang.cases.tests.factories import make_world

from .helpers import head_of

pytestmark = pytest.mark.django_db

FAR = ["9999-12-31", "0001-01-01"]
STAFF_PAGES = ["supervision:scorecard", "supervision:scorecard-excel"]


@pytest.fixture
def head(client):
    client.force_login(head_of(make_world().site))
    return client


@pytest.mark.parametrize("field", ["start", "end"])
@pytest.mark.parametrize("day", FAR)
def test_a_far_date_on_the_public_scorecard_is_a_400_in_chinese(client, field, day):
    response = client.get(reverse("supervision:public-scorecard"), {field: day})
    assert response.status_code == 400 and "日期应在" in response.content.decode()


@pytest.mark.parametrize("name", STAFF_PAGES)
@pytest.mark.parametrize("field", ["start", "end"])
def test_a_far_date_on_the_staff_scorecard_pages_is_a_400_in_chinese(head, name, field):
    response = head.get(reverse(name), {field: "9999-12-31"})
    assert response.status_code == 400 and "日期应在" in response.content.decode()


@pytest.mark.parametrize("field", ["start", "end"])
def test_a_far_date_in_the_scorecard_api_is_a_structured_400(head, field):
    response = head.get(reverse("supervision-scorecard"), {field: "9999-12-31"})
    assert response.status_code == 400 and response.json()["code"] == "date_out_of_range"
    assert response.json()["errors"][0]["field"] == field


def test_a_malformed_date_in_the_scorecard_api_is_a_structured_400(head):
    response = head.get(reverse("supervision-scorecard"), {"start": "2026-13-01"})
    assert response.status_code == 400 and response.json()["code"] == "invalid_date"


def test_a_reversed_period_in_the_scorecard_api_is_a_structured_400(head):
    response = head.get(reverse("supervision-scorecard"), {"start": "2026-06-02", "end": "2026-06-01"})
    assert response.status_code == 400 and response.json()["code"] == "period_reversed"


@pytest.mark.parametrize("item", ["²", "99999999999999999999", "-1", "9" * 5000])
def test_a_bad_item_id_in_the_scorecard_api_is_a_structured_400(head, item):
    response = head.get(reverse("supervision-scorecard"), {"item": item})
    assert response.status_code == 400 and response.json()["code"] == "invalid_item"


@pytest.mark.parametrize("body", ["[]", '"x"', "1", "null"])
def test_a_result_body_that_is_not_a_json_object_is_a_structured_400(client, body):
    response = client.post(reverse("supervision-results"), body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "body_not_object"


def test_a_result_body_that_is_not_json_is_a_structured_400(client):
    response = client.post(reverse("supervision-results"), b"{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_json"


def test_an_alert_id_beyond_any_integer_column_is_a_404(head):
    assert head.post("/supervision/alerts/99999999999999999999/close/", {"note": "x"}).status_code == 404
