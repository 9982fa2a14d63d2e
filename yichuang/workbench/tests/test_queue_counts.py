"""A queue's count is bounded work (issue 20, "queues stay fast as a county grows"): up to
COUNT_CAP it is exact; beyond, the page says "N 件以上" rather than counting every row."""

import pytest

from yichuang.cases.tests.factories import make_world
from yichuang.workbench import views

from .test_pages import logged_in, new_case

pytestmark = pytest.mark.django_db


def test_a_queue_longer_than_the_cap_says_how_many_at_least(monkeypatch):
    world = make_world()
    monkeypatch.setattr(views, "QUEUE_ROWS", 1)
    monkeypatch.setattr(views, "COUNT_CAP", 2)
    for _ in range(4):
        new_case(world)
    page = logged_in(world.clerk).get("/workbench/").content.decode()
    assert "2 件以上,显示前 1 件" in page


def test_a_queue_up_to_the_cap_gives_its_exact_count(monkeypatch):
    world = make_world()
    monkeypatch.setattr(views, "QUEUE_ROWS", 1)
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    for _ in range(3):
        new_case(world)
    page = logged_in(world.clerk).get("/workbench/").content.decode()
    assert "共 3 件,显示前 1 件" in page
