"""A NUL in any query or form value is a 400 before a view runs (issue 13): PostgreSQL refuses
NUL in text, so it was a 500 there in a dozen views, and SQLite stored it silently."""

import pytest
from django.urls import reverse

from yichuang.cases.tests.factories import make_world

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_query_parameter_is_a_chinese_400(client):
    response = client.get(reverse("guide:search"), {"q": "户口\x00"})
    assert response.status_code == 400 and "控制字符" in response.content.decode()


def test_a_nul_in_a_form_field_is_a_400_before_the_view(client):
    response = client.post(reverse("portal:progress"), {"case": "A\x00", "phone4": "1234"})
    assert response.status_code == 400 and "控制字符" in response.content.decode()


def test_a_nul_under_the_api_is_a_structured_400_naming_the_field(client):
    response = client.get("/api/v1/sites/", {"q": "x\x00"})
    body = response.json()
    assert response.status_code == 400 and body["code"] == "control_character"
    assert body["errors"][0]["field"] == "q"


def test_a_nul_in_a_json_body_is_a_structured_400(client):
    client.force_login(make_world().clerk)  # intake staff: the view reads the body
    response = client.post(
        "/api/v1/applicants/",
        '{"kind": "natural", "number": "x", "name": "\\u0000"}',
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="nul-1",
    )
    assert response.status_code == 400 and "NUL" in response.json()["message"]


def test_tabs_and_line_breaks_still_pass(client):
    assert client.get(reverse("portal:progress"), {"case": "QX\t001\n"}).status_code == 200
