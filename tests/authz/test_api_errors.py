"""Every error under /api/ is structured (issue 8): also for addresses no API view handles, and
the OpenAPI document says so for every operation."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v1/cases/X/joint-tasks/%0A/answer/"])
def test_unknown_api_address_answers_the_structured_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "未找到该资源。", "errors": []}


def test_pages_outside_the_api_keep_their_html_404(client):
    response = client.get("/guide/nothing/here/at/all/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_every_operation_documents_the_structured_errors(client):
    schema = client.get("/api/schema/?format=json").json()
    assert "StructuredError" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "404", "429"} <= codes, f"{method.upper()} {path}: {sorted(codes)}"
            if {} not in operation.get("security", [{}]):  # needs a login
                assert "403" in codes, f"{method.upper()} {path}: {sorted(codes)}"
