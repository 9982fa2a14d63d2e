"""The citizen's pages of issue 15's second pass in a real browser, reached by clicking from the
front page: 我的设置 (channels, by keyboard), the page for an item not handled online, and the
item and life-event forms built from the shared blocks — each with axe-core finding no serious
or critical violation, and usable at 375 px with 200 % text."""

import pytest
from django.urls import reverse

from yichuang.catalog.models import ItemVersion
from yichuang.catalog.models.choices import OnlineDepth
from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)
from yichuang.notify.models import ChannelPreference

from .factories import citizen
from .life_event_world import make_world

pytestmark = pytest.mark.django_db(transaction=True)


def _check(page, name: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe_violations(violations)}"
    screenshot(page, name)
    page.set_viewport_size(PHONE)
    enlarge_text(page)
    assert horizontal_overflow(page) == 0, page.url
    screenshot(page, f"{name}-375-200pct")


def test_from_the_front_page_a_citizen_turns_sms_off_by_keyboard(page, log_in):
    make_world()
    account = citizen()
    log_in(account.user)
    page.goto("/")
    page.get_by_role("link", name="网上办事大厅").first.click()
    page.get_by_role("link", name="我的设置").click()
    page.get_by_role("heading", name="依法必须送达的通知").wait_for()  # the click navigates
    _check(page, "settings")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("短信通知").focus()
    page.keyboard.press("Space")  # untick
    page.get_by_role("button", name="保存").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "通知方式已保存" in page.content()
    choice = ChannelPreference.objects.get(applicant=account.applicant)
    assert (choice.sms, choice.hall) == (False, True)


def test_from_the_smart_guide_an_item_at_the_window_says_so_and_its_typed_apply_page_refuses(page, log_in):
    world = make_world()
    ItemVersion.objects.filter(name="小餐饮店登记").update(online_depth=OnlineDepth.FORMS)
    log_in(citizen().user)
    page.goto("/")
    page.get_by_label("您想办什么事?用平常的话说就行").first.fill("小餐饮店登记")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"/hall/?need=小餐饮店登记&site={world.xicheng.code}")
    answer = page.locator(".suggestion", has_text="小餐饮店登记").first
    assert "暂不能网上申请" in answer.inner_text() and answer.get_by_role("link", name="网上申请").count() == 0
    basic_code = ItemVersion.objects.get(name="小餐饮店登记", item__basic_code__endswith=world.xicheng.code[6:9]).item
    page.goto(reverse("portal:apply", args=[world.xicheng.code, basic_code.basic_code]))
    assert page.get_by_role("heading", name="暂不能网上申请").is_visible()
    _check(page, "not-online")


def test_the_item_and_life_event_forms_from_the_shared_blocks_are_accessible(page, log_in):
    world = make_world()
    log_in(citizen().user)
    page.goto(f"/hall/?need=小餐饮店登记&site={world.xicheng.code}")
    page.locator(".suggestion", has_text="小餐饮店登记").first.get_by_role("link", name="网上申请").click()
    # The click navigates: wait for the new page (is_visible() does not wait; under load it ran
    # before the apply page had arrived).
    page.get_by_role("heading", name="网上申请:小餐饮店登记").wait_for()
    _check(page, "apply-item")
    page.goto(reverse("portal:apply_bundle", args=[world.fengtian.code, "newborn"]))
    assert page.get_by_role("group", name="新生儿信息").is_visible()
    _check(page, "apply-bundle-newborn")
