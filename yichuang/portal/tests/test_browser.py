"""The hall in a real browser (issue 6; R-62): login by phone code, the smart guide, applying
with prefill, my cases and the public progress query. axe-core finds no serious or critical
violation; at 375 px with 200% text nothing scrolls sideways; large-text and high-contrast modes
work; screenshots are kept for people to look at (YICHUANG_SCREENSHOT_DIR)."""

import pytest
from django.urls import reverse

from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)
from yichuang.people.tests.factories import make_citizen_id

from .factories import citizen, last_code, online_world
from .test_pages import _online_case

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hall():
    world = online_world(appointment_daily_quota=22)
    account = citizen(phone="13955556789", name="王秀英")
    case = _online_case(world, account)
    cases_module = __import__("yichuang.cases.services", fromlist=["x"])
    cases_module.prereview_request_supplement(case, world.clerk, {world.material("户口簿").pk: "户口簿扫描件不清晰"})
    return world, account, case


def pages(world, case):
    basic = world.version.item.basic_code
    return [
        (f"/hall/?need=家里老人要领津贴&site={world.site.code}", "hall-guide"),
        (reverse("portal:apply", args=[world.site.code, basic]), "hall-apply"),
        (reverse("portal:cases"), "hall-cases"),
        (reverse("portal:case", args=[case.number]), "hall-case-supplement"),
        (reverse("portal:book", args=[world.site.code, basic]), "hall-book"),
        (reverse("portal:bookings"), "hall-bookings"),
        (reverse("portal:identity"), "hall-identity"),
    ]


def test_hall_pages_have_no_serious_accessibility_violation(page, hall, log_in):
    world, account, case = hall
    log_in(account.user)
    for path, name in pages(world, case):
        page.goto(path)
        violations = axe_violations(page)
        assert not violations, f"{path}\n{describe_violations(violations)}"
        screenshot(page, name)


def test_hall_pages_fit_a_phone_at_double_text_size(page, hall, log_in):
    world, account, case = hall
    log_in(account.user)
    page.set_viewport_size(PHONE)
    for path, name in pages(world, case):
        page.goto(path)
        enlarge_text(page)
        assert horizontal_overflow(page) == 0, path
        screenshot(page, f"{name}-375-200pct")


def test_public_pages_are_clean_in_high_contrast_mode(page, hall):
    _, _, case = hall
    for path, name in [
        (reverse("portal:login"), "hall-login"),
        (f"/hall/progress/?case={case.number}", "hall-progress"),
    ]:
        page.goto(path)
        toggle = page.get_by_role("button", name="高对比度")
        if toggle.get_attribute("aria-pressed") != "true":  # the choice is remembered across pages
            toggle.click()
        assert page.evaluate("document.documentElement.classList.contains('high-contrast')")
        violations = axe_violations(page)
        assert not violations, f"{path}\n{describe_violations(violations)}"
        screenshot(page, f"{name}-high-contrast")


def test_a_new_citizen_logs_in_with_the_phone_code_and_names_themselves(page, hall):
    page.set_viewport_size(PHONE)
    page.goto(reverse("portal:login"))
    page.get_by_label("手机号").fill("13811112222")
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_label("短信验证码").fill(last_code("13811112222"))
    screenshot(page, "hall-login-code")
    page.get_by_role("button", name="登录", exact=True).click()
    page.get_by_role("heading", name="实名认证与办事身份").wait_for()
    page.get_by_label("姓名").fill("陈建国")
    page.get_by_label("公民身份号码").fill(make_citizen_id(4321))
    page.get_by_role("button", name="提交认证").click()
    page.get_by_role("heading", name="我的办件").wait_for()
    screenshot(page, "hall-after-login")


def test_the_progress_query_shows_the_state_with_the_phone_digits(page, hall):
    _, _, case = hall
    page.set_viewport_size(PHONE)
    page.goto(f"/hall/progress/?case={case.number}")
    page.get_by_label("申请人手机号后四位").fill("6789")
    page.get_by_role("button", name="查询").click()
    page.get_by_text("待补正").wait_for()
    assert not axe_violations(page)
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    screenshot(page, "hall-progress-result")
