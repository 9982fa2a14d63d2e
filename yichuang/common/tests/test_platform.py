"""Platform endpoints: health, OpenAPI, console script."""

import os
import subprocess
import sys

import pytest


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"]["status"] == "ok"


@pytest.mark.django_db
def test_openapi_schema_is_openapi_3(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_a_domain_error_becomes_a_structured_api_error():
    from rest_framework.decorators import api_view, permission_classes
    from rest_framework.permissions import AllowAny
    from rest_framework.test import APIRequestFactory

    from yichuang.common.errors import DomainError, Problem

    @api_view(["POST"])
    @permission_classes([AllowAny])
    def refuse(request):
        raise DomainError([Problem("vague_material", "申请材料“其他材料”表述模糊。", "materials[0].name")])

    response = refuse(APIRequestFactory().post("/x", {}, format="json"))
    assert response.status_code == 400
    assert response.data == {
        "code": "vague_material",
        "message": "申请材料“其他材料”表述模糊。",
        "errors": [{"field": "materials[0].name", "code": "vague_material", "message": "申请材料“其他材料”表述模糊。"}],
    }


def test_a_serializer_error_lists_each_field_with_its_code():
    from rest_framework import serializers
    from rest_framework.decorators import api_view, permission_classes
    from rest_framework.permissions import AllowAny
    from rest_framework.test import APIRequestFactory

    class S(serializers.Serializer):
        days = serializers.IntegerField(min_value=0)

    @api_view(["POST"])
    @permission_classes([AllowAny])
    def echo(request):
        S(data=request.data).is_valid(raise_exception=True)

    response = echo(APIRequestFactory().post("/x", {"days": -1}, format="json"))
    assert response.status_code == 400
    assert response.data["code"] == "validation_failed"
    assert response.data["errors"][0]["field"] == "days"
    assert response.data["errors"][0]["code"] == "min_value"


def test_console_script_runs_management_commands():
    out = subprocess.run(
        [sys.executable, "-m", "yichuang.cli", "help", "seed_calendar"], capture_output=True, text=True, check=True
    )
    assert "chinesecalendar" in out.stdout


def test_the_openapi_schema_generates_without_a_warning():
    """A warning from drf-spectacular means a client generator gets a broken or ambiguous schema
    (a class-level operation id, two enums under one name): every app's API must be clean."""
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)
