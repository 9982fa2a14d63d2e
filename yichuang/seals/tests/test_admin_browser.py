"""The seal revocation confirmation page in a real browser (issue 5 §3): axe-core clean, fits a
phone at 200% text, and revoking works by keyboard alone."""

import pytest

from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)
from yichuang.org.tests.factories import UserFactory
from yichuang.seals.models import Seal
from yichuang.seals.tests.factories import make_seal_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def confirmation(page, log_in):
    sw = make_seal_world()
    log_in(UserFactory(is_staff=True, is_superuser=True))
    page.goto("/admin/seals/seal/")
    page.get_by_role("checkbox", name=sw.approval.code).check()
    page.get_by_role("combobox").select_option("revoke_selected")
    page.get_by_role("button", name="执行").click()
    page.get_by_label("注销原因(必填)").wait_for()
    return sw


def test_the_confirmation_page_has_no_serious_accessibility_violation(page, confirmation):
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    screenshot(page, "seal-revoke-confirm")


def test_the_confirmation_page_fits_a_phone_at_double_text_size(page, confirmation):
    page.set_viewport_size(PHONE)
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    screenshot(page, "seal-revoke-confirm-375-200pct")


def test_a_seal_is_revoked_with_the_keyboard_alone(page, confirmation):
    page.get_by_label("注销原因(必填)").focus()
    page.keyboard.type("印章遗失")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("已注销 1 枚印章").wait_for()
    assert Seal.objects.get(pk=confirmation.approval.pk).revocation_reason == "印章遗失"
