"""Public guides in a real browser (R-12, R-62): axe-core finds no serious or critical
violation, a phone at 375 px and 200% text never scroll sideways, and search works by keyboard."""

import pytest

from yichuang.catalog.tests.guide_factories import publish_item, township
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
def published():
    site = township()
    return site, publish_item(site, name="个体工商户设立登记")


def guide_pages(site, site_item):
    code = site_item.version.item.basic_code
    return [
        ("/guide/", "guide-index"),
        (f"/guide/{site.code}/", "guide-site"),
        (f"/guide/{site.code}/items/{code}/", "guide-item"),
    ]


def test_guide_pages_have_no_serious_accessibility_violation(page, published):
    for path, name in guide_pages(*published):
        page.goto(path)
        violations = axe_violations(page)
        assert not violations, f"{path}\n{describe_violations(violations)}"
        screenshot(page, name)


def test_guide_pages_fit_a_phone_at_double_text_size(page, published):
    page.set_viewport_size(PHONE)
    for path, name in guide_pages(*published):
        page.goto(path)
        enlarge_text(page)
        assert horizontal_overflow(page) == 0, path
        screenshot(page, f"{name}-375-200pct")


def test_a_citizen_finds_an_item_with_the_keyboard_alone(page, published):
    site, _ = published
    page.goto(f"/guide/{site.code}/")
    search = page.get_by_role("searchbox").or_(page.get_by_role("textbox")).first
    search.focus()
    page.keyboard.type("个体工商户")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="个体工商户设立登记").first.wait_for()
