"""A queue's count is bounded work (issue 20, "queues stay fast as a county grows"): up to
COUNT_CAP it is exact; beyond, the page says "N 件以上" rather than counting every row."""

import pytest

from yichuang.cases.tests.factories import make_world
from yichuang.workbench import views

from .test_pages import logged_in, new_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "cap, waiting, shown",
    [(2, 4, "2 件以上,显示前 1 件"), (3, 3, "共 3 件,显示前 1 件")],
    ids=["beyond the cap: at least", "up to the cap: exact"],
)
def test_a_queue_counts_exactly_up_to_the_cap_and_says_at_least_beyond(monkeypatch, cap, waiting, shown):
    world = make_world()
    monkeypatch.setattr(views, "QUEUE_ROWS", 1)
    monkeypatch.setattr(views, "COUNT_CAP", cap)
    for _ in range(waiting):
        new_case(world)
    assert shown in logged_in(world.clerk).get("/workbench/").content.decode()
