"""实施清单 pages in a real browser (R-11, R-62): no serious accessibility violation, a phone at
375 px and 200% text never scrolls sideways, and the county files a list by keyboard alone."""

import pytest

from yichuang.catalog.filing.workflow import State
from yichuang.catalog.models import ImplementationList
from yichuang.catalog.tests.test_filing import World
from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def submitted():
    world = World()
    return world, world.submitted()


def pages(lst):
    return [("/catalog/lists/county/", "filing-county"), (f"/catalog/lists/{lst.pk}/", "filing-review")]


def test_filing_pages_have_no_serious_accessibility_violation(page, log_in, submitted):
    world, lst = submitted
    log_in(world.county_head)
    for path, name in pages(lst):
        page.goto(path)
        violations = axe_violations(page)
        assert not violations, f"{path}\n{describe_violations(violations)}"
        screenshot(page, name)


def test_filing_pages_fit_a_phone_at_double_text_size(page, log_in, submitted):
    world, lst = submitted
    log_in(world.county_head)
    page.set_viewport_size(PHONE)
    for path, name in pages(lst):
        page.goto(path)
        enlarge_text(page)
        assert horizontal_overflow(page) == 0, path
        screenshot(page, f"{name}-375-200pct")


def test_the_township_draft_page_fits_a_phone(page, log_in, submitted):
    world, _ = submitted
    ImplementationList.objects.update(state=State.RETURNED, return_reason="请补充婚姻登记类事项")
    log_in(world.head)
    page.set_viewport_size(PHONE)
    page.goto("/catalog/lists/")
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    assert not axe_violations(page)
    screenshot(page, "filing-township-375-200pct")


def test_the_county_head_files_a_list_by_keyboard_alone(page, log_in, submitted):
    world, lst = submitted
    log_in(world.county_head)
    page.goto("/catalog/lists/county/")
    page.get_by_role("link", name=f"查看{world.township.name}的清单与差异").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="予以备案").focus()
    page.keyboard.press("Enter")
    page.get_by_text("已备案").first.wait_for()
    assert ImplementationList.objects.get(pk=lst.pk).state == State.FILED
