"""The hall floor in a real browser (issue 19, done-when): a kiosk ticket reaches the call
screen, the clerk calls and serves it from the workbench, the case is linked and the 评价器
takes the rating; the green-channel ticket is called first. axe-core on every floor page,
the call screen looked at at 1920×1080, the clerk's panel at 375 px and 200 % text."""

import datetime as dt
import time

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)
from yichuang.feedback import device as tablet_device
from yichuang.feedback.models import Rating
from yichuang.floor import device
from yichuang.floor.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)
TV = {"width": 1920, "height": 1080}


@pytest.fixture
def device_page(browser, live_server):
    """device_page(cookie, token, viewport): a tab in its own browser (no staff session) that
    holds one device cookie — the kiosk, the hall's television or the window's 评价器."""
    contexts = []

    def _open(cookie: str | None = None, token: str = "", viewport=None):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport or TV)
        context.set_default_timeout(15_000)
        if cookie:
            context.add_cookies([{"name": cookie, "value": token, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield _open
    for c in contexts:
        c.close()


def assert_accessible(page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{name}:\n" + describe_violations(violations)


def chart_page_is_accessible(page, log_in, hall, link: str, drawn: str, name: str) -> None:
    """The head opens a chart page from the floor overview; the chart is drawn from local
    files, the page passes axe, and fits 375 px at 200 % text."""
    log_in(hall.head)
    page.goto(f"/floor/sites/{hall.site.code}/")
    page.get_by_role("link", name=link).click()
    page.locator(drawn).wait_for()
    screenshot(page, f"{name}-1280")
    assert_accessible(page, name)
    page.set_viewport_size(PHONE)
    enlarge_text(page)
    # ECharts redraws on the window's resize event, a frame or more later on a busy machine:
    # wait (up to 5 s) for the chart to settle rather than measure the 1280 px drawing.
    try:
        page.wait_for_function("() => document.documentElement.scrollWidth <= window.innerWidth", timeout=5000)
    except PlaywrightTimeout:
        pass  # the assertion below says by how much it overflows
    assert horizontal_overflow(page) == 0
    screenshot(page, f"{name}-375")


def test_kiosk_to_screen_to_clerk_to_case_to_rating_green_channel_first(page, log_in, device_page, hall):
    case = hall.fw.decided_case()
    kiosk = device_page(device.COOKIE, hall.kiosk_token, viewport={"width": 1080, "height": 1920})
    kiosk.goto("/floor/kiosk/")
    assert_accessible(kiosk, "kiosk")
    kiosk.get_by_role("button", name="A 综合受理(个人事项)").click()
    kiosk.locator("[data-ticket='A001']").wait_for()
    assert_accessible(kiosk, "kiosk ticket")
    kiosk.get_by_role("link", name="完成").click()
    kiosk.get_by_label("70岁以上老人").check()
    kiosk.get_by_role("button", name="A 综合受理(个人事项)").click()
    kiosk.locator("[data-ticket='A002']").wait_for()

    screen = device_page()
    screen.goto(f"/floor/screen/{hall.site.code}/")
    assert_accessible(screen, "call screen")

    log_in(hall.clerk)
    page.goto("/workbench/")
    panel = page.locator("#floor")
    panel.get_by_role("button", name="叫号").first.click()
    clicked = time.monotonic()
    page.get_by_text(f"已叫号:请A002号到{hall.window.number}号窗口").wait_for()  # the green channel first
    screen.locator(".fl-call-latest", has_text="A002").wait_for(timeout=5_000)
    shown_after = time.monotonic() - clicked
    screenshot(screen, "floor-call-screen-1920")
    assert_accessible(page, "clerk panel")

    page.locator("#floor").get_by_role("button", name="开始办理").click()
    page.get_by_label("办件编号(可不填)").fill(case.number)
    page.get_by_role("button", name="办结并邀请评价").click()
    page.get_by_text("A002号已办结").wait_for()
    ticket = Ticket.objects.get(number=2)
    assert ticket.case == case and ticket.encounter is not None and ticket.state == Ticket.State.DONE

    tablet = device_page(tablet_device.COOKIE, hall.fw.tablet_token, viewport={"width": 1280, "height": 900})
    tablet.goto("/feedback/tablet/")
    tablet.get_by_text("非常满意").click()
    tablet.get_by_role("button", name="提交评价").click()
    tablet.get_by_role("heading", name="感谢您的评价!").wait_for()
    rating = Rating.objects.get()
    assert (rating.encounter_id, rating.encounter.case) == (ticket.encounter_id, case)

    page.locator("#floor").get_by_role("button", name="叫号").click()
    page.get_by_text(f"已叫号:请A001号到{hall.window.number}号窗口").wait_for()
    assert shown_after < 3, f"the call screen showed the call {shown_after:.1f} s after the click"


def test_the_clerks_panel_works_at_375px_and_200_percent_text(page, log_in, hall):
    page.set_viewport_size(PHONE)
    log_in(hall.clerk)
    page.goto("/workbench/")
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    screenshot(page, "floor-clerk-panel-375")
    assert_accessible(page, "clerk panel at 375 px")


def test_the_heads_overview_is_reached_from_the_bar_and_is_accessible(page, log_in, hall):
    log_in(hall.head)
    page.goto("/workbench/")
    page.get_by_role("link", name=f"大厅现场 {hall.site.name}").click()
    page.get_by_role("heading", name=f"大厅现场 · {hall.site.name}").wait_for()
    assert_accessible(page, "overview")
    page.get_by_role("link", name="打开叫号屏").click()
    page.locator(".fl-windows").wait_for()
    page.set_viewport_size(PHONE)
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    screenshot(page, "floor-screen-375")


def test_the_kiosk_at_375px_and_200_percent_text(device_page, hall):
    kiosk = device_page(device.COOKIE, hall.kiosk_token, viewport=PHONE)
    kiosk.goto("/floor/kiosk/")
    enlarge_text(kiosk)
    assert horizontal_overflow(kiosk) == 0
    screenshot(kiosk, "floor-kiosk-375")


def test_the_planning_page_draws_its_chart_offline_beside_the_table(page, log_in, hall):
    from .test_planning import _served

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    _served(hall.site, yesterday, 9, count=40, minutes=9)
    _served(hall.site, yesterday, 10, category="C", count=12, minutes=5)
    chart_page_is_accessible(page, log_in, hall, "窗口容量测算", "#plan-chart svg", "floor-planning")


def test_the_service_circle_map_is_drawn_offline_and_accessible(page, log_in, hall):
    from .test_circles import _county_with_two_villages

    _county_with_two_villages(hall)
    chart_page_is_accessible(page, log_in, hall, "服务圈", "#circle-map svg", "floor-circles")


def test_the_assessment_sheet_is_accessible(page, log_in, hall):
    log_in(hall.head)
    page.goto(f"/floor/sites/{hall.site.code}/")
    page.get_by_role("link", name="月度考核表").click()
    page.get_by_role("heading", name=f"月度考核表 · {hall.site.name}", exact=False).wait_for()
    assert_accessible(page, "assessment")
