"""The scorecard's money section in a real browser (R-31, R-54): reached from the head's home
by clicking, axe-core clean, and at 375 px with 200 % text it never scrolls sideways."""

import pytest

from yichuang.common.browser_testing import PHONE, enlarge_text, horizontal_overflow
from yichuang.fees import services
from yichuang.fees.models import Charge, Payment
from yichuang.fees.tests.factories import accepted, charged_item
from yichuang.workbench.tests.test_flows_browser import check

from .helpers import head_of

pytestmark = pytest.mark.django_db(transaction=True)


def money_world():
    world = charged_item()
    paid, _due = (Charge.objects.get(case=accepted(world)) for _ in range(2))
    services.record_window_payment(paid, world.clerk, Payment.Channel.CASH, 2000)
    return world


def test_the_head_reads_the_money_section_on_the_scorecard(page, log_in):
    world = money_world()
    log_in(head_of(world.site))
    page.goto("/supervision/scorecard/")
    section = page.locator("#sv-money")
    section.get_by_text("20.00元").first.wait_for()
    check(page, "supervision-scorecard-money")


def test_the_money_section_fits_a_phone_at_double_text_size(page, log_in):
    world = money_world()
    log_in(head_of(world.site))
    page.set_viewport_size(PHONE)
    page.goto("/supervision/scorecard/")
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    check(page, "supervision-scorecard-money-375-200pct")
