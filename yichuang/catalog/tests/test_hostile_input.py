"""Hostile input on the public catalogue (issue 13): each was a server error before."""

import pytest

from yichuang.catalog.tests.guide_factories import publish_item, township

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    site = township()
    publish_item(site)
    return site


@pytest.mark.parametrize(
    "param,value",
    [
        ("offset", str(10**30)),
        ("limit", str(10**30)),
        ("offset", "-1"),
        ("limit", "0"),
        ("limit", "１２３"),
        ("offset", "9" * 5000),
        ("limit", "inf"),
    ],
)
def test_item_list_refuses_a_page_beyond_integers_with_the_structured_400(client, site, param, value):
    response = client.get(f"/api/v1/sites/{site.code}/items/", {param: value})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] in {"out_of_range", "invalid_integer"} and body["errors"][0]["field"] == param
    assert param in body["message"]


def test_site_list_refuses_a_huge_offset_too(client, site):
    response = client.get("/api/v1/sites/", {"offset": str(10**30)})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "offset"


def test_item_list_still_pages_with_ordinary_values(client, site):
    response = client.get(f"/api/v1/sites/{site.code}/items/", {"limit": "1", "offset": "0"})
    assert response.status_code == 200 and len(response.json()["results"]) == 1


def test_a_site_code_with_a_control_character_is_an_unknown_site(client, site):
    # NUL itself is refused at the door (common/control_characters.py); in a path it reaches the view.
    assert client.get("/guide/search/", {"site": "a\x01b"}).status_code == 404
    assert client.get("/api/v1/sites/a%00b/items/").status_code == 404


def test_a_control_character_in_the_search_words_is_ignored(client, site):
    response = client.get(f"/guide/{site.code}/", {"q": "a\x01b"})
    assert response.status_code == 200
