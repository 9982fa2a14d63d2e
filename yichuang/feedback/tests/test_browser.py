"""Feedback pages in a real browser (R-50, R-51, R-62): a window tablet rated by keyboard alone,
a citizen's 差评 reaching the centre head who closes its ticket, and every page free of serious
axe-core violations, without sideways scrolling at 375 px and 200% text."""

import pytest

from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)
from yichuang.feedback import device, services
from yichuang.feedback.models import Rating, Rectification

from .factories import citizen_for

pytestmark = pytest.mark.django_db(transaction=True)
TABLET, NO_DEVICE = object(), object()  # who opens a page: the bound tablet / a browser without a device token


def tab_until(page, predicate_js: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({predicate_js}); }}"):
            return
    raise AssertionError(f"keyboard focus never reached: {predicate_js}")


@pytest.fixture
def as_tablet(browser_context, live_server):
    """as_tablet(token): the browser becomes a bound 评价器 — its device cookie and no session."""

    def _as_tablet(token: str) -> None:
        browser_context.clear_cookies()
        browser_context.add_cookies([{"name": device.COOKIE, "value": token, "url": live_server.url}])

    return _as_tablet


def test_the_head_binds_the_tablet_and_a_window_rating_is_given_with_the_keyboard_alone(page, log_in, fw):
    log_in(fw.head)
    page.goto("/workbench/")  # from the head's own bar, no address typed
    page.get_by_role("link", name="窗口评价器").click()
    page.locator(f"a[href='/feedback/windows/{fw.window.pk}/tablet/']").click()
    tab_until(page, "e.type === 'submit' && e.textContent.includes('绑定本设备')")
    page.keyboard.press("Enter")
    page.get_by_text("评价器已绑定到本窗口。").wait_for()
    services.start_encounter(fw.window, fw.clerk)
    page.goto("/feedback/tablet/")
    tab_until(page, "e.name === 'level'")
    page.keyboard.press("Space")  # the first level: 非常满意
    tab_until(page, "e.type === 'submit' && e.textContent.includes('提交评价')")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="感谢您的评价!").wait_for()
    assert Rating.objects.get().level == 5


def test_a_citizens_bad_rating_reaches_the_head_who_closes_it(page, log_in, fw):
    case = fw.decided_case()
    log_in(citizen_for(case.applicant))
    page.goto(f"/feedback/cases/{case.number}/rate/")
    page.get_by_label("非常不满意").check()
    page.get_by_label("办事效率").check()
    page.get_by_label("评价内容(不满意时必填)").fill("材料齐全却让我跑了三趟")
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text("中心将核实整改").wait_for()
    ticket = Rectification.objects.get()
    services.verify(ticket, fw.head, "属实")
    services.rectify(ticket, fw.head, "一次性告知到位")
    services.call_back(ticket, fw.head, "satisfied", "电话回访,满意")
    log_in(fw.head)
    page.goto("/feedback/tickets/")
    page.get_by_role("link", name=f"第{ticket.pk}号").click()
    page.get_by_label("办结说明(可不填)").fill("整改完成,回访满意")
    page.get_by_role("button", name="办结").click()
    page.get_by_text("整改单已办结。").wait_for()
    ticket.refresh_from_db()
    assert ticket.state == "closed"


def feedback_pages(fw):
    """(path, name, who) for every feedback page, in states worth seeing."""
    case = fw.decided_case()
    citizen = citizen_for(case.applicant)
    rated = fw.decided_case()
    rated_citizen = citizen_for(rated.applicant)
    rating = services.rate_case(rated, rated_citizen, level=1, indicators=["efficiency"], reason="跑了三趟才办成")
    services.report_unresolved(fw.site, matter="想办老年证,窗口说要去县里办", place="3号窗口", phone="13812345678")
    services.start_encounter(fw.window, fw.clerk)
    return [
        (f"/feedback/cases/{case.number}/rate/", "rate-case", citizen),
        (f"/feedback/cases/{rated.number}/rate/", "rate-case-done", rated_citizen),
        ("/feedback/tickets/", "tickets", fw.head),
        (f"/feedback/tickets/{rating.rectification.pk}/", "ticket", fw.head),
        (f"/feedback/windows/{fw.window.pk}/", "desk", fw.clerk),
        ("/feedback/tablets/", "tablets", fw.head),
        (f"/feedback/windows/{fw.window.pk}/tablet/", "bind-tablet", fw.head),
        ("/feedback/tablet/", "tablet", TABLET),
        ("/feedback/tablet/?thanks=1", "tablet-thanks", TABLET),
        ("/feedback/tablet/", "tablet-unbound", NO_DEVICE),
        ("/feedback/cannot-do/", "cannot-do", None),
    ]


def visit(page, log_in, as_tablet, fw, path, who) -> None:
    if who is TABLET:
        as_tablet(fw.tablet_token)
    elif who is NO_DEVICE:
        as_tablet("")
    elif who is not None:
        log_in(who)
    page.goto(path)


def test_feedback_pages_have_no_serious_accessibility_violation(page, log_in, as_tablet, fw):
    for path, name, who in feedback_pages(fw):
        visit(page, log_in, as_tablet, fw, path, who)
        violations = axe_violations(page)
        assert not violations, f"{path}\n{describe_violations(violations)}"
        screenshot(page, f"feedback-{name}")


def test_feedback_pages_fit_a_phone_at_double_text_size(page, log_in, as_tablet, fw):
    page.set_viewport_size(PHONE)
    for path, name, who in feedback_pages(fw):
        visit(page, log_in, as_tablet, fw, path, who)
        enlarge_text(page)
        screenshot(page, f"feedback-{name}-375-200pct")
        assert horizontal_overflow(page) == 0, path


def test_the_tablet_in_large_text_and_high_contrast_has_no_serious_violation(page, as_tablet, fw):
    services.start_encounter(fw.window, fw.clerk)
    as_tablet(fw.tablet_token)
    page.goto("/feedback/tablet/?large-text=1&high-contrast=1")
    assert page.evaluate("() => document.documentElement.className").split() == ["large-text", "high-contrast"]
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    screenshot(page, "feedback-tablet-large-high-contrast")


def test_a_submitted_report_page_shows_only_the_masked_phone(page, fw):
    page.set_viewport_size(PHONE)
    page.goto(f"/feedback/cannot-do/?site={fw.site.code}")
    page.get_by_label("想办的事和遇到的问题").fill("想办老年证,窗口让我去县里")
    page.get_by_label("联系电话(用于回访,提交后只显示部分号码)").fill("13812345678")
    page.get_by_role("button", name="提交反映").click()
    page.get_by_role("heading", name="已收到您的反映").wait_for()
    assert "138****5678" in page.content() and "13812345678" not in page.content()
    assert not axe_violations(page)
    screenshot(page, "feedback-cannot-do-thanks")
