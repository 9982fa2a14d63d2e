"""Supervision pages in a real browser (R-52…R-54): axe-core finds no serious or critical
violation, a phone at 375 px with 200% text never scrolls sideways, the scorecard chart is drawn
from the page's JSON (ECharts served locally) next to its data table."""

import pytest
from django.db import transaction

from yichuang.cases import services
from yichuang.cases.tests.factories import make_world
from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)
from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import DepartmentFactory
from yichuang.supervision.alerts import Rule, raise_alert
from yichuang.supervision.models import Notice, SupervisionRoute

from .helpers import approved_case, county_supervisor, drain, head_of, online_case, staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def county():
    world = make_world()
    route = SupervisionRoute.objects.create(
        approving_department=world.version.department,
        supervising_department=DepartmentFactory(name="县市场监督管理局"),
        secret="s",
    )
    for n in range(3):
        case = approved_case(world)
        services.prepare_delivery(case, world.clerk)
        services.deliver(case, world.clerk, "electronic")
    online_case(world)
    with transaction.atomic():
        for level in (5, 5, 4, 2):
            ledger.emit(
                Event.FEEDBACK_EVALUATED,
                {
                    "evaluation": level,
                    "site": world.site.code,
                    "case": None,
                    "window": None,
                    "staff": None,
                    "level": level,
                    "channel": "window",
                    "at": "2026-06-15T11:00:00+08:00",
                },
            )
    drain()
    raise_alert(
        Rule.OVERDUE, world.site, "20260615-0001", "办件已超过承诺办结日期(2026-06-22)。", case_number="20260615-0001"
    )
    raise_alert(Rule.SEAL_MISUSE, world.site, "ev-1", "用印被拒绝:不能使用其他站点的印章。")
    dept = route.supervising_department
    return {
        "world": world,
        "head": head_of(world.site),
        "supervisor": county_supervisor(world.site),
        "department": staff(dept.site, StaffRole.Role.CLERK, department=dept),
        "notice": Notice.objects.filter(route=route).first(),
    }


def pages(county):
    return [
        ("/supervision/", "head", "alerts"),
        ("/supervision/scorecard/?start=2026-06-01", "supervisor", "scorecard"),
        ("/supervision/scorecard/?start=2026-06-01&by=staff", "supervisor", "scorecard-by-staff"),
        ("/supervision/inbox/", "department", "inbox"),
        (f"/supervision/inbox/{county['notice'].event_id}/", "department", "notice"),
        ("/supervision/public/?start=2026-06-01", None, "public-scorecard"),
    ]


def test_supervision_pages_have_no_serious_accessibility_violation(page, log_in, county):
    for path, who, name in pages(county):
        page.context.clear_cookies()
        if who:
            log_in(county[who])
        page.goto(path)
        violations = axe_violations(page)
        assert not violations, f"{path}\n{describe_violations(violations)}"
        screenshot(page, f"supervision-{name}")


def test_supervision_pages_fit_a_phone_at_double_text_size(page, log_in, county):
    page.set_viewport_size(PHONE)
    for path, who, name in pages(county):
        page.context.clear_cookies()
        if who:
            log_in(county[who])
        page.goto(path)
        enlarge_text(page)
        assert horizontal_overflow(page) == 0, path
        screenshot(page, f"supervision-{name}-375-200pct")


def test_the_scorecard_chart_is_drawn_from_local_echarts_under_the_csp(browser, live_server, county):
    from django.conf import settings
    from django.test import Client

    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    try:
        client = Client()
        client.force_login(county["supervisor"])
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        page = context.new_page()
        blocked = []
        page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto("/supervision/scorecard/?start=2026-06-01")
        page.locator("#sv-chart canvas").wait_for()
        assert page.evaluate("typeof window.echarts") == "object" and blocked == []
        assert page.locator("table.sv-card tbody tr").count() == 1
    finally:
        context.close()
