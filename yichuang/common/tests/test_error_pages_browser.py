"""The Chinese 403, 404, 500 and CSRF pages (issue 20 §6) in a real browser: each passes axe-core
with no serious or critical violation and fits 375 px at 200 % text — a person who meets an
error can still read it and find the way on."""

import pytest
from django.urls import include, path

from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, TownshipSiteFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _fail(request):
    raise RuntimeError("boom")


# The project's URLs plus one view that fails, to see the 500 page as a browser gets it.
urlpatterns = [path("hall/boom/", _fail), path("", include("yichuang.urls"))]
handler500 = "yichuang.common.error_views.server_error"


def assert_readable(page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.set_viewport_size(PHONE)
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    screenshot(page, f"error-{name}-375")


def test_the_404_page_passes_axe_core(page):
    response = page.goto("/no-such-page/")
    assert response.status == 404 and page.get_by_role("heading", name="页面不存在").is_visible()
    assert_readable(page, "404")


def test_the_403_page_passes_axe_core(page, log_in):
    log_in(StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.HEAD).user)
    response = page.goto("/supervision/inbox/")
    assert response.status == 403 and page.get_by_role("heading", name="无权访问").is_visible()
    assert_readable(page, "403")


def test_the_csrf_page_passes_axe_core(page, browser_context):
    page.goto("/workbench/login/")
    browser_context.clear_cookies()  # the token's cookie is gone, as when a page was left open too long
    page.locator("form button[type=submit]").first.click()
    page.get_by_text("页面已过期").first.wait_for()
    assert_readable(page, "csrf")


def test_the_500_page_passes_axe_core(page, settings):
    settings.ROOT_URLCONF = __name__
    response = page.goto("/hall/boom/")
    assert response.status == 500 and page.get_by_role("heading", name="系统暂时出错").is_visible()
    assert_readable(page, "500")
