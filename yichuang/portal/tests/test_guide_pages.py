"""The hall's smart guide page knows where the citizen is (issue 15 §2): the household address
once logged in, else the remembered choice, else a picker by township or village name."""

import pytest
from django.urls import reverse

from yichuang.catalog.tests.guide_factories import synonym

from .factories import citizen
from .life_event_world import make_world

pytestmark = pytest.mark.django_db


def _selected(page: str) -> str:
    return page.split("selected>")[0].rsplit('value="', 1)[1].split('"')[0]


def test_a_logged_in_citizen_is_answered_at_the_township_of_their_household_address(client):
    world = make_world()
    account = citizen()
    account.applicant.address = f"示范县{world.fengtian.region.name}上坪村8号"
    account.applicant.save(update_fields=["address"])
    client.force_login(account.user)
    page = client.get(reverse("portal:index")).content.decode()
    assert _selected(page) == world.fengtian.code and "根据您的户籍地址" in page


def test_a_chosen_place_is_remembered_for_the_next_question(client):
    world = make_world()
    client.get(reverse("portal:index"), {"site": world.xicheng.code, "need": "开饭店"})
    page = client.get(reverse("portal:index")).content.decode()
    assert _selected(page) == world.xicheng.code and "您选择的地点" in page


def test_the_picker_finds_a_township_by_its_name_without_the_suffix(client):
    world = make_world()
    synonym("开店", "个体工商户")
    page = client.get(reverse("portal:index"), {"need": "我想开店", "place": "溪城"}).content.decode()
    assert f"由{world.xicheng.name}办理" in page


def test_a_need_asked_at_the_county_finds_an_item_only_townships_offer_and_says_so(client):
    make_world()
    synonym("开店", "个体工商户")
    page = client.get(reverse("portal:index"), {"need": "我想开店"}).content.decode()
    assert "个体工商户设立登记" in page and "由各乡镇(街道)便民服务中心办理" in page


def test_no_match_links_to_a_cannot_do_report_carrying_the_need(client):
    make_world()
    page = client.get(reverse("portal:index"), {"need": "驾驶证到期换证"}).content.decode()
    assert "没有找到" in page and "tel:12345" in page
    link = page.split('href="/feedback/cannot-do/?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    form = client.get(f"/feedback/cannot-do/?{link}").content.decode()
    assert "驾驶证到期换证" in form


def test_the_api_answers_a_township_only_item_at_the_county_with_no_site_and_its_reasons(client):
    world = make_world()
    synonym("开店", "个体工商户")
    body = client.get("/api/v1/portal/guide/", {"site": world.county.code, "need": "我想开店"}).json()
    [item] = [r for r in body["results"] if r["title"] == "个体工商户设立登记"]
    assert item["site"] == "" and any("开店" in why for why in item["matched"])


def test_the_guide_page_of_a_life_event_at_the_county_places_township_items_at_the_chosen_township(client):
    world = make_world()
    client.get(reverse("portal:index"), {"site": world.xicheng.code})
    page = client.get(reverse("guide:bundle", args=[world.county.code, "small-restaurant"])).content.decode()
    assert f"由{world.xicheng.name}办理" in page and "上级服务中心" not in page


def test_a_complaint_gets_the_honest_answer_with_the_phone_12345_and_the_cannot_do_report(client):
    world = make_world()
    page = client.get(reverse("portal:index"), {"site": world.county.code, "need": "窗口办事太慢我要投诉"}).content
    page = page.decode()
    assert "没有找到" in page and f"tel:{world.county.phone}" in page and "tel:12345" in page
    link = page.split('href="/feedback/cannot-do/?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert "窗口办事太慢我要投诉" in client.get(f"/feedback/cannot-do/?{link}").content.decode()
