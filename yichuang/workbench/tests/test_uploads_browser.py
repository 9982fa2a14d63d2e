"""In a real browser (issue 20 §3): a clerk in 预审 opens the citizen's uploaded file from the
case page, and the case page stays axe-clean and fits 375 px at 200% text."""

import base64

import pytest

from yichuang.cases.tests.factories import make_world
from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)
from yichuang.workbench.tests.test_applicant_sent import online_case_with_upload

pytestmark = pytest.mark.django_db(transaction=True)

# A real 1×1 PNG, so the browser has a picture to show.
ONE_PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def test_a_clerk_opens_an_upload_from_the_case_page(page, log_in):
    world = make_world()
    case, _, upload = online_case_with_upload(world, data=ONE_PIXEL, name="户口簿首页.png")
    log_in(world.clerk)
    page.goto(f"/workbench/cases/{case.number}/")
    assert page.get_by_text("申请人年龄(周岁)").is_visible()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    screenshot(page, "case-prereview-uploads")
    with page.expect_popup() as opened:
        page.get_by_role("link", name="查看 户口簿首页.png").click()
    shown = opened.value
    shown.wait_for_load_state()
    assert shown.url.endswith(f"/workbench/cases/{case.number}/uploads/{upload.pk}/")
    assert shown.evaluate("() => document.images.length && document.images[0].naturalWidth") == 1


def test_the_materials_part_fits_a_phone_at_200_percent_text(page, log_in):
    world = make_world()
    case, _, _ = online_case_with_upload(world, data=ONE_PIXEL)
    log_in(world.clerk)
    page.set_viewport_size(PHONE)
    page.goto(f"/workbench/cases/{case.number}/")
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    screenshot(page, "case-prereview-uploads-phone")
