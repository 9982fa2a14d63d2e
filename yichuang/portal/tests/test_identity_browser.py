"""Claiming a known person from a new phone, in a real browser (issue 13): the hall asks for the
code sent to the phone on record, by keyboard alone, keeps what was typed after a wrong code,
and the page passes axe-core and fits 375 px at 200% text."""

import pytest

from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)
from yichuang.people.tests.factories import ApplicantFactory, make_citizen_id

from .factories import logged_in_account
from .test_identity_binding import ON_RECORD, _proof_code, _window_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_phone_claiming_a_known_person_is_asked_for_the_code_on_record(page, log_in):
    person = ApplicantFactory(name="张三", citizen_id=make_citizen_id(4343), phone=ON_RECORD)
    _window_case(person)
    account = logged_in_account("13933335555")
    log_in(account.user)
    page.goto("/hall/identity/")
    page.fill("#name", "张三")
    page.fill("#citizen_id", person.citizen_id)
    page.keyboard.press("Enter")
    page.wait_for_url("**/hall/identity/confirm/**")
    assert page.locator("h1").inner_text() == "实名绑定核验"
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)

    page.fill("#code", "000000")
    page.keyboard.press("Enter")
    page.wait_for_selector("[role=alert]")
    assert page.input_value("#code") == "000000"  # kept after the error

    page.set_viewport_size(PHONE)
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    screenshot(page, "hall-identity-confirm")

    page.fill("#code", _proof_code(ON_RECORD))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/confirm/" not in url)
    account.refresh_from_db()
    assert account.applicant_id == person.pk
