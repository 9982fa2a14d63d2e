"""智能导办 and 一件事 in a real browser (issue 15 §2, §3, §7): keyboard only, tab order follows
reading order, focus lands on the answers, 大字模式 at least 150 % of the default, usable at
375 px with 200 % text, axe-core finds no serious or critical violation; and 开办小餐饮一件事
started at the county and at 溪城 makes each item's case at the centre that handles it."""

import re

import pytest
from django.urls import reverse

from yichuang.cases.models import Case
from yichuang.catalog.tests.guide_factories import synonym
from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)

from .factories import PDF, citizen
from .life_event_world import make_world

pytestmark = pytest.mark.django_db(transaction=True)
SHOP = {"shop.name": "阿香小吃", "shop.address": "府前路3号", "shop.scope": "小吃", "shop.sign_text": "阿香小吃"}


def _ask(page, need: str) -> None:
    page.goto(reverse("portal:index"))
    page.get_by_label("您想办什么事?用平常的话说就行").fill(need)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("#results-heading:focus")


def test_the_place_select_comes_before_the_search_button_in_tab_order(page):
    make_world()
    page.goto(reverse("portal:index"))
    page.get_by_label("您想办什么事?用平常的话说就行").focus()
    order = []
    for _ in range(2):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    assert order == ["site", "帮我找"]


def test_focus_moves_to_the_answers_heading_when_they_load(page):
    make_world()
    _ask(page, "开饭店")
    assert page.evaluate("document.activeElement.id") == "results-heading"
    page.keyboard.press("Tab")  # the next stop is inside the first answer, not the top of the page
    assert page.evaluate("document.activeElement.closest('.suggestion') !== null")


def test_a_need_with_no_item_says_so_with_the_phones_and_a_prefilled_report(page):
    make_world()
    _ask(page, "驾驶证到期换证")
    assert page.get_by_role("heading", name="没有找到").is_visible()
    assert page.locator("#main").get_by_role("link", name="12345", exact=True).is_visible()
    page.get_by_role("link", name="反映“办不成的事”").click()
    assert "驾驶证到期换证" in page.locator("textarea, input[name=matter]").first.input_value()


def test_a_township_only_item_asked_at_the_county_is_found_with_the_township_by_village_name(page):
    world = make_world()
    synonym("开店", "个体工商户")
    _ask(page, "我想开店")
    assert "由各乡镇(街道)便民服务中心办理" in page.content()
    page.get_by_label("不知道选哪个?输入您所在的乡镇(街道)或村(社区)名称").fill("溪城")
    # The button submits the form: without waiting, content() reads the new page half-parsed
    # (it stops at the parser-blocking prefs.js in <head>), an empty body.
    with page.expect_navigation():
        page.get_by_role("button", name="按地名查找").click()
    assert f"由{world.xicheng.name}办理" in page.content() and "推荐理由" in page.content()


def test_large_text_mode_is_at_least_one_and_a_half_times_the_default(page):
    make_world()
    page.goto(reverse("portal:index"))
    size = "parseFloat(getComputedStyle(document.querySelector('.lead')).fontSize)"
    before = page.evaluate(size)
    page.get_by_role("button", name="大字模式").click()
    assert round(page.evaluate(size) / before, 2) >= 1.5


def test_the_guide_and_life_event_pages_are_accessible_at_375_px_and_200_percent(page, log_in):
    world = make_world()
    log_in(citizen().user)
    paths = [
        (f"/hall/?need=开饭店&site={world.xicheng.code}", "guide-answers"),
        ("/hall/?need=驾驶证到期换证", "guide-empty"),
        (reverse("portal:apply_bundle", args=[world.county.code, "small-restaurant"]), "bundle-county-pick"),
        (reverse("portal:apply_bundle", args=[world.fengtian.code, "newborn"]), "bundle-newborn"),
        (reverse("guide:bundle", args=[world.county.code, "small-restaurant"]), "bundle-guide-county"),
    ]
    for path, name in paths:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(path)
        violations = axe_violations(page)
        assert not violations, f"{path}\n{describe_violations(violations)}"
        screenshot(page, name)
        page.set_viewport_size(PHONE)
        enlarge_text(page)
        assert horizontal_overflow(page) == 0, path
        screenshot(page, f"{name}-375-200pct")


def _apply_by_keyboard(page, tmp_path):
    """Fill the one form and submit it using the keyboard only (files are chosen in the file dialog)."""
    for name, value in SHOP.items():
        page.locator(f"[name='{name}']").focus()
        page.keyboard.type(value)
    pdf = tmp_path / "材料.pdf"
    pdf.write_bytes(PDF)
    for field in page.locator("input[type=file]").all():
        field.set_input_files(str(pdf))
    page.get_by_role("button", name="一次提交全部事项").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/life-events/"))


def test_small_restaurant_at_the_county_makes_each_case_where_it_is_handled(page, log_in, tmp_path):
    world = make_world()
    account = citizen()
    log_in(account.user)
    page.goto(reverse("portal:apply_bundle", args=[world.county.code, "small-restaurant"]))
    page.get_by_label("请选择您所在(或经营所在)的乡镇(街道)").select_option(world.xicheng.code)
    page.get_by_role("button", name="确定").click()
    _apply_by_keyboard(page, tmp_path)
    made = {(c.site, c.item_version.name) for c in Case.objects.filter(applicant=account.applicant)}
    assert made == {
        (world.xicheng, "个体工商户设立登记"),
        (world.xicheng, "小餐饮店登记"),
        (world.county, "设置户外广告审批"),
    }
    assert page.get_by_role("heading", name="开办小餐饮一件事办理进度").is_visible()
    screenshot(page, "bundle-tracking")


def test_small_restaurant_at_xicheng_makes_each_case_where_it_is_handled(page, log_in, tmp_path):
    world = make_world()
    account = citizen()
    log_in(account.user)
    page.goto(reverse("portal:apply_bundle", args=[world.xicheng.code, "small-restaurant"]))
    assert "上级服务中心" not in page.content()
    _apply_by_keyboard(page, tmp_path)
    made = {(c.site, c.item_version.name) for c in Case.objects.filter(applicant=account.applicant)}
    assert made == {
        (world.xicheng, "个体工商户设立登记"),
        (world.xicheng, "小餐饮店登记"),
        (world.county, "设置户外广告审批"),
    }
