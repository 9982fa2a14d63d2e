"""Public read-only API of the guides (R-12 同源发布): same document as the page, documented in
OpenAPI, throttled for anonymous callers, no CDN for its docs."""

import json
import re

import pytest
from rest_framework.throttling import AnonRateThrottle

from yichuang.catalog import guide
from yichuang.catalog.tests.guide_factories import (  # noqa: F401
    bundle,
    county,
    full_draft,
    material,
    publish_item,
    synonym,
    township,
    village,
)
from yichuang.org.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return township()


@pytest.fixture
def full(site):
    return publish_item(site, draft=full_draft(DepartmentFactory(site=site, phone="0571-80001111")))


def test_guide_endpoint_returns_exactly_the_guide_document(client, site, full):
    bundle("open-shop", "我要开店", [full.item])
    response = client.get(f"/api/v1/sites/{site.code}/items/{full.item.basic_code}/guide/")
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(guide.guide_document(full)))


def test_sites_endpoint_lists_public_sites_with_their_parent(client):
    home = county()
    town = township(parent=home)
    station = village(town)
    closed = township(parent=home)
    closed.is_active = False
    closed.save()
    rows = client.get("/api/v1/sites/").json()["results"]
    assert [(r["code"], r["parent_code"]) for r in rows] == [
        (home.code, None),
        (town.code, home.code),
        (station.code, town.code),
    ]
    assert rows[1]["level"] == "镇(街道)便民服务中心" and rows[1]["address"] == town.address


def test_items_endpoint_searches_with_synonyms_and_paginates(client, site):
    synonym("社保", "社会保障")
    for i in range(3):
        publish_item(site, name=f"社会保障卡申领{i}")
    publish_item(site, name="居住证申领")
    body = client.get(f"/api/v1/sites/{site.code}/items/", {"q": "社保", "limit": 2}).json()
    assert body["count"] == 3
    assert [r["name"] for r in body["results"]] == ["社会保障卡申领0", "社会保障卡申领1"]
    assert body["next"] and "offset=2" in body["next"]
    assert set(body["results"][0]) == {
        "basic_code",
        "name",
        "department",
        "item_type",
        "case_kind",
        "promised_days",
        "promised",
        "fees",
    }


def test_items_endpoint_counts_matches_even_past_the_last_page(client, site):
    for i in range(3):
        publish_item(site, name=f"津贴申请{i}")
    body = client.get(f"/api/v1/sites/{site.code}/items/", {"q": "津贴", "offset": 10}).json()
    assert (body["count"], body["results"]) == (3, [])


def test_items_endpoint_without_a_query_lists_every_published_item(client, site):
    publish_item(site, name="居住证申领")
    publish_item(site, name="低保申请")
    publish_item(township(), name="别处的事项")
    assert client.get(f"/api/v1/sites/{site.code}/items/").json()["count"] == 2


def test_bundles_endpoint_gives_items_and_combined_materials(client, site):
    dept = DepartmentFactory(site=site)
    a = publish_item(
        site, department=dept, name="出生医学证明办理", materials=[material("居民身份证"), material("申请表")]
    )
    b = publish_item(site, department=dept, name="新生儿户口登记", materials=[material("居民身份证")])
    made = bundle("birth", "出生一件事", [a.item, b.item])
    body = client.get(f"/api/v1/sites/{site.code}/bundles/").json()
    assert body["count"] == 1
    assert body["results"][0] == json.loads(json.dumps(guide.bundle_document(site, made)))
    assert [m["name"] for m in body["results"][0]["materials"]] == ["居民身份证", "申请表"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/sites/999999999999/items/",
        "/api/v1/sites/999999999999/bundles/",
        "/api/v1/sites/{site}/items/NOSUCH/guide/",
    ],
)
def test_unknown_codes_give_a_structured_chinese_404(client, site, url):
    response = client.get(url.format(site=site.code))
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"code", "message", "errors"} and body["code"] == "not_found"
    assert re.search(r"[\u4e00-\u9fff]", body["message"])


def test_the_api_is_read_only(client, site, full):
    response = client.post(f"/api/v1/sites/{site.code}/items/", {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_anonymous_hammering_is_throttled_with_a_structured_429(client, site, monkeypatch):
    # AnonRateThrottle copies the rates when its class is created, so a settings override would
    # not reach it; lower the rate on the class instead. The cache is cleared by the root conftest.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "5/min"})
    statuses = [client.get("/api/v1/sites/").status_code for _ in range(8)]
    assert statuses == [200] * 5 + [429] * 3
    response = client.get("/api/v1/sites/")
    body = response.json()
    assert set(body) == {"code", "message", "errors"}
    assert body["code"] == "throttled" and body["errors"] == []
    assert int(response["Retry-After"]) > 0


def test_the_schema_documents_the_guide_endpoints_in_chinese(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    paths = schema["paths"]
    for path in [
        "/api/v1/sites/",
        "/api/v1/sites/{site_code}/items/",
        "/api/v1/sites/{site_code}/items/{basic_code}/guide/",
        "/api/v1/sites/{site_code}/bundles/",
    ]:
        assert "get" in paths[path], path
        assert re.search(r"[\u4e00-\u9fff]", paths[path]["get"]["summary"])
    params = {p["name"]: p for p in paths["/api/v1/sites/{site_code}/items/"]["get"]["parameters"]}
    assert "检索词" in params["q"]["description"]
    guide_schema = schema["components"]["schemas"]["GuideDocument"]["properties"]
    assert {"materials", "fees", "procedure", "flowchart", "place", "contacts", "bundles"} <= set(guide_schema)


def test_swagger_ui_loads_its_assets_locally(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    refs = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    # Swagger UI's own files come from the sidecar package; its start-up script from this view.
    assert refs and all(r.startswith(("/static/", "/api/docs/?script")) for r in refs), refs
    assert "cdn" not in html.lower()
    assert not re.search(r'(src|href)="(https?:)?//', html)
