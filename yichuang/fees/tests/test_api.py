"""The payment endpoints are in the OpenAPI document; staff read a case's charge (R-31)."""

import pytest
from django.test import Client

from yichuang.workbench.tests.test_pages import logged_in

from .factories import accepted, charged_item

pytestmark = pytest.mark.django_db


def test_the_openapi_document_describes_the_payment_endpoints():
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    callback = schema["paths"]["/api/v1/fees/callback/"]["post"]
    assert "X-Pay-Signature" in [p["name"] for p in callback["parameters"]]
    assert "/api/v1/fees/cases/{number}/" in schema["paths"]
    refund = schema["paths"]["/api/v1/fees/refund-callback/"]["post"]
    assert "X-Pay-Signature" in [p["name"] for p in refund["parameters"]] and "退款" in refund["summary"]


def test_staff_read_a_cases_charge_in_fen():
    world = charged_item()
    case = accepted(world)
    answer = logged_in(world.clerk).get(f"/api/v1/fees/cases/{case.number}/").json()
    assert answer["charge"]["amount_fen"] == 2000 and answer["charge"]["status"] == "due"
    assert answer["charge"]["lines"][0]["basis"] == "发改价格〔2003〕2322号"
