"""上报件 in a real browser (issue 20 §4, "Done when"): the township's clerk receives a walk-in,
accepts and escalates it; the county department's approver finds it in their queue from the
workbench home (no typed address), takes it in, reviews and grants it; the township's clerk
finds it in the hand-out queue and hands it out. Every page passes axe-core."""

import pytest

from yichuang.cases.tests.factories_county import make_county_world
from yichuang.ledger.relay import relay_once
from yichuang.workbench.tests.test_flows_browser import (
    act,
    check,
    find_applicant,
    landed_case,
    pick_item,
    state_of,
    switch_user,
)

pytestmark = pytest.mark.django_db(transaction=True)


def open_from_home(page, number, queue_title):
    page.goto("/workbench/")
    queue = page.locator("section.wb-queue", has=page.get_by_role("heading", name=queue_title))
    queue.get_by_role("link", name=number).click()
    page.wait_for_url(f"**/workbench/cases/{number}/")


def test_the_county_decides_an_escalated_case_and_the_township_hands_it_out(page, log_in, browser_context):
    cw = make_county_world()
    world = cw.world
    log_in(world.clerk)
    find_applicant(page, world.applicant.citizen_id)
    pick_item(page, world.version)
    page.locator("#id_fd_applicant__age").fill("85")
    page.locator("input[name=outcome][value=escalate]").check()
    page.get_by_role("button", name="确认办理").click()
    number = landed_case(page)
    assert state_of(number) == "escalated"

    switch_user(browser_context, log_in, cw.county_approver)
    open_from_home(page, number, "上报件:待受理")
    check(page, "escalated-case-at-the-county")
    act(page, "县级受理上报件")
    act(page, "县级审查")
    act(page, "县级准予", 意见="符合条件,准予")
    assert state_of(number) == "decided"

    relay_once()  # the relay process beside the server: the system prepares the hand-out
    switch_user(browser_context, log_in, world.clerk)
    page.goto("/workbench/")
    check(page, "home-clerk-hand-out")
    open_from_home(page, number, "受理窗口")
    timeline = page.locator("#h-timeline").locator("..")
    for step in ("县级受理上报件", "县级审查", "县级准予", "制证待送达"):
        assert timeline.get_by_text(step).count() >= 1
    form = page.locator("form.wb-action", has=page.get_by_role("heading", name="送达", exact=True))
    form.get_by_role("radio", name="窗口领取").check()
    form.get_by_role("button", name="送达").click()
    page.locator("#h-delivery").wait_for()
    assert state_of(number) == "completed"
