"""The clerk's notice when the exchange is down, in a real browser (issue 17 §5): readable at
375 px and 200 % text, and axe-core finds nothing serious."""

import pytest

from yichuang.cases.tests.factories import make_world
from yichuang.common.browser_testing import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)
from yichuang.workbench.tests.test_flows_browser import find_applicant, pick_item

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_clerk_sees_that_the_exchange_is_down_and_is_asked_for_the_paper(page, log_in, exchange):
    world = make_world()
    exchange.process.terminate()
    exchange.process.wait(timeout=10)
    log_in(world.clerk)
    find_applicant(page, world.applicant.citizen_id)
    pick_item(page, world.version)
    notice = page.get_by_role("status").filter(has_text="省证照库交换平台暂时无法连接")
    assert "未能调取“居民身份证”,请收取纸质材料" in notice.inner_text()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    screenshot(page, "intake-exchange-down-1280")
    page.set_viewport_size(PHONE)
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    screenshot(page, "intake-exchange-down-375")
    page.set_viewport_size(DESKTOP)
