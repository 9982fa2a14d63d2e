"""The front door at `/` (issue 15 §1): every public service one click away, the smart-guide box
answered by the hall's smart guide, and item guides that offer 网上申请 and 预约 where the item
allows them."""

import pytest
from django.urls import reverse

from yichuang.cases.tests.factories import make_world
from yichuang.catalog.models.choices import OnlineDepth

pytestmark = pytest.mark.django_db


def test_the_front_door_is_served_at_the_root_and_links_every_public_service(client):
    page = client.get("/").content.decode()
    for url in (
        reverse("guide:index"),
        reverse("portal:index"),
        reverse("portal:progress"),
        reverse("portal:cases"),
        reverse("portal:messages"),
        reverse("feedback:cannot_do"),
    ):
        assert f'href="{url}"' in page, url
    assert 'href="tel:12345"' in page


def test_the_front_door_leads_staff_to_the_workbench_login(client):
    assert f'href="{reverse("workbench:login")}">工作人员入口' in client.get("/").content.decode()


def test_the_kiosk_offers_no_way_into_the_workbench(client):
    # a kiosk in the hall is used by anyone: it must not lead to a staff login
    response = client.get(reverse("floor:kiosk"))
    assert response.status_code == 200 and reverse("workbench:login") not in response.content.decode()


def test_the_smart_guide_box_sends_the_need_to_the_halls_smart_guide(client):
    page = client.get("/").content.decode()
    assert f'action="{reverse("portal:index")}"' in page and 'name="need"' in page


def _guide(client, world):
    return client.get(reverse("guide:item", args=[world.site.code, world.version.item.basic_code])).content.decode()


def test_an_item_handled_online_offers_to_apply_online_and_to_book(client):
    world = make_world(online_depth=OnlineDepth.ONLINE, appointment_supported=True, appointment_daily_quota=10)
    page = _guide(client, world)
    assert reverse("portal:apply", args=[world.site.code, world.version.item.basic_code]) in page
    assert reverse("portal:book", args=[world.site.code, world.version.item.basic_code]) in page


def test_an_item_not_handled_online_offers_neither(client):
    world = make_world(online_depth=OnlineDepth.NONE, appointment_supported=False)
    page = _guide(client, world)
    assert "网上申请" not in page and "预约到" not in page


def test_a_material_with_a_blank_form_link_offers_it(client):
    world = make_world()
    world.version.materials.filter(name="户口簿").update(blank_form="/static/forms/hukou.pdf")
    assert 'href="/static/forms/hukou.pdf"' in _guide(client, world)
