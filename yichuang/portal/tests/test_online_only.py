"""网上申请 only for items handled online (issue 15 §5): the catalogue's 网上办理深度
(ItemVersion.online_depth) of 网上预审 or deeper. The smart guide offers no 网上申请 for any
other item (it says 到窗口办理 and links the guide), and the apply page refuses it even by a typed
address, in Chinese, creating nothing. A life event is applied for online only when every item
it places is handled online."""

import pytest
from django.urls import reverse

from yichuang.catalog.models import ItemVersion
from yichuang.catalog.models.choices import OnlineDepth
from yichuang.portal.models import Draft

from .factories import citizen, online_world
from .life_event_world import make_world

pytestmark = pytest.mark.django_db


def _apply_url(world):
    return reverse("portal:apply", args=[world.site.code, world.version.item.basic_code])


@pytest.mark.parametrize("depth", [OnlineDepth.NONE, OnlineDepth.INFO, OnlineDepth.FORMS])
def test_the_apply_page_of_an_item_not_handled_online_says_so_in_chinese(client, depth):
    world = online_world(online_depth=depth)
    client.force_login(citizen().user)
    response = client.get(_apply_url(world))
    page = response.content.decode()
    assert response.status_code == 403 and "暂不能网上申请" in page and world.site.name in page
    assert reverse("guide:item", args=[world.site.code, world.version.item.basic_code]) in page


def test_a_typed_post_to_an_item_not_handled_online_creates_nothing(client):
    world = online_world(online_depth=OnlineDepth.FORMS)
    client.force_login(citizen().user)
    response = client.post(_apply_url(world), {"action": "submit", "delivery": "window"})
    assert response.status_code == 403 and not Draft.objects.exists()


def test_an_item_pre_reviewed_online_has_its_apply_page(client):
    world = online_world(online_depth=OnlineDepth.PREREVIEW)
    client.force_login(citizen().user)
    assert client.get(_apply_url(world)).status_code == 200


def _offline(world_item_name: str) -> None:
    ItemVersion.objects.filter(name=world_item_name).update(online_depth=OnlineDepth.FORMS)


def test_the_smart_guide_offers_no_online_application_for_an_item_handled_at_the_window(client):
    world = make_world()
    _offline("小餐饮店登记")
    page = client.get(reverse("portal:index"), {"need": "小餐饮店登记", "site": world.xicheng.code}).content.decode()
    assert "小餐饮店登记" in page and "暂不能网上申请" in page
    assert "/hall/apply/" not in page.split("小餐饮店登记", 1)[1].split("</li>", 1)[0]


def test_the_smart_guide_offers_online_application_for_an_item_handled_online(client):
    world = make_world()
    page = client.get(reverse("portal:index"), {"need": "小餐饮店登记", "site": world.xicheng.code}).content.decode()
    assert "/hall/apply/" in page.split("小餐饮店登记", 1)[1].split("</li>", 1)[0]


def test_a_life_event_with_an_item_handled_at_the_window_is_refused_online_and_names_it(client):
    world = make_world()
    _offline("设置户外广告审批")
    client.force_login(citizen().user)
    url = reverse("portal:apply_bundle", args=[world.xicheng.code, "small-restaurant"])
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 403 and "设置户外广告审批" in page and "开办小餐饮一件事" in page
    assert client.post(url, {"action": "submit"}).status_code == 403 and not Draft.objects.exists()


def test_the_smart_guide_offers_no_online_application_for_such_a_life_event(client):
    world = make_world()
    _offline("设置户外广告审批")
    page = client.get(reverse("portal:index"), {"need": "开饭店", "site": world.xicheng.code}).content.decode()
    event = page.split("开办小餐饮一件事", 1)[1].split("</li>", 1)[0]
    assert "/hall/apply/" not in event and "暂不能网上申请" in event
