"""The clerk's intake screen with the exchange as a provider (issue 17 §5): a licence issued
there shows as fetched; when the exchange is down the clerk is told and the paper is asked for."""

import pytest
from django.test import Client

from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.tests.factories import make_world

from .factories import exchange_body

pytestmark = pytest.mark.django_db


def intake_page(world, **post):
    client = Client()
    client.force_login(world.clerk)
    client.post("/workbench/intake/applicant/", {"kind": "natural", "number": world.applicant.citizen_id})
    url = f"/workbench/intake/?item={world.version.item.basic_code}"
    return client.post(url, post) if post else client.get(url)


def test_a_licence_of_the_exchange_shows_as_fetched_on_the_intake_screen(exchange):
    world = make_world()
    number = exchange.issue(exchange_body(world.applicant))["licence"]["number"]
    page = intake_page(world).content.decode()
    assert "已调取(电子证照)" in page and number in page and "某省公安厅" in page


def test_the_clerk_is_told_when_the_exchange_is_down_and_receives_the_paper(exchange):
    world = make_world()
    exchange.process.terminate()
    exchange.process.wait(timeout=10)
    response = intake_page(world)
    assert response.status_code == 200
    assert "省证照库交换平台暂时无法连接,未能调取“居民身份证”,请收取纸质材料。" in response.content.decode()
    materials = {f"m_{m.pk}": CaseMaterial.Status.RECEIVED for m in world.version.materials.all()}
    response = intake_page(world, outcome="accept", fd_applicant__age="85", **materials)
    assert response.status_code == 302
    row = Case.objects.get().materials.get(material__name="居民身份证")
    assert row.status == CaseMaterial.Status.RECEIVED  # the paper copy, received at the window
