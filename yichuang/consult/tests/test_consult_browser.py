"""网上咨询 in a real browser (issue 15 §6): asked from the item's guide page, answered at the
workbench's 网上咨询 page reached from its navigation; axe-core on both pages."""

import pytest
from django.urls import reverse

from yichuang.cases.tests.factories import make_world
from yichuang.common.browser_testing import PHONE, axe_violations, describe_violations, horizontal_overflow, screenshot
from yichuang.consult.models import Question
from yichuang.portal.tests.factories import citizen

from .factories import post_at_consult_window

pytestmark = pytest.mark.django_db(transaction=True)


def test_asked_from_the_guide_and_answered_at_the_workbench(page, log_in):
    world, account = make_world(), citizen()
    post_at_consult_window(world.clerk, world.site)
    log_in(account.user)
    page.set_viewport_size(PHONE)
    page.goto(reverse("guide:item", args=[world.site.code, world.version.item.basic_code]))
    page.get_by_role("link", name="网上咨询").click()
    page.get_by_label("您想问什么?").fill("户口簿复印件可以吗?")
    page.get_by_role("button", name="提交咨询").click()
    page.get_by_text("已提交").first.wait_for()
    assert horizontal_overflow(page) == 0
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    screenshot(page, "consult-1-asked")

    log_in(world.clerk)
    page.goto(reverse("workbench:home"))
    page.get_by_role("link", name="网上咨询").click()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    screenshot(page, "consult-2-workbench")
    page.get_by_label("答复").fill("可以,复印件须清晰。")
    page.get_by_role("button", name="提交答复").click()
    page.get_by_text("已答复,并已通知咨询人。").wait_for()
    assert Question.objects.get().answer == "可以,复印件须清晰。"
