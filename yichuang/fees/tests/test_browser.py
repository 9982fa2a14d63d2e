"""Paying in a real browser (issue 18, "Done when"), against the reference payment platform
running as its own process: a citizen pays online from their case page and the case is then
handed out; a clerk takes cash at the window; a village helper pays on a villager's behalf.
Every page of ours passes axe-core (serious/critical) and is photographed."""

import time

import pytest

from yichuang.cases import services as cases
from yichuang.cases.models import Case
from yichuang.common.browser_testing import PHONE, enlarge_text, horizontal_overflow
from yichuang.fees.models import Charge, Payment
from yichuang.ledger.relay import relay_once
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
from yichuang.portal.tests.factories import citizen
from yichuang.workbench.tests.test_flows_browser import check, switch_user

from .factories import accepted, charged_item

pytestmark = pytest.mark.django_db(transaction=True)


def paid(case, seconds=20) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if Charge.objects.get(case=case).status == Charge.Status.PAID:
            return True
        time.sleep(0.2)
    return False


def pay_at_the_platform(page):
    """Our page links to the platform; the platform's page has one button; it sends us back."""
    page.get_by_role("link", name="前往统一公共支付平台支付").click()
    page.get_by_text("统一公共支付平台(演示)").wait_for()
    page.get_by_role("button", name="确认支付").click()


def open_case_from_home(page, number):
    """Staff's way to a case: the workbench home → 办件查询 → the case's number."""
    page.goto("/workbench/")
    page.get_by_role("link", name="办件查询").first.click()
    page.get_by_label("办件编号(完整或后几位)").fill(number)
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name=number).first.click()


def test_a_citizen_pays_online_and_the_case_is_handed_out(page, log_in, browser_context, platform):
    world = charged_item()
    account = citizen()
    world.applicant = account.applicant
    case = accepted(world)
    log_in(account.user)
    page.goto("/hall/")
    page.get_by_role("link", name="我的办件").first.click()
    page.get_by_role("link", name=world.version.name).first.click()
    check(page, "fees-hall-case-due")
    page.get_by_role("button", name="网上缴费").click()
    check(page, "fees-to-platform")
    pay_at_the_platform(page)
    page.wait_for_url(f"**/hall/cases/{case.number}/")
    assert paid(case)
    assert Payment.objects.get(charge__case=case).payer_kind == "applicant"

    cases.approve(cases.start_review(Case.objects.get(pk=case.pk), world.approver), world.approver, "同意")
    relay_once()  # the system prepares the hand-out
    switch_user(browser_context, log_in, world.clerk)
    page.goto(f"/workbench/cases/{case.number}/")
    form = page.locator("form.wb-action", has=page.get_by_role("heading", name="送达", exact=True))
    form.get_by_role("radio", name="窗口领取").check()
    form.get_by_role("button", name="送达").click()
    page.wait_for_load_state()
    assert Case.objects.get(pk=case.pk).state == "completed"


def test_a_clerk_takes_cash_at_the_window(page, log_in):
    world = charged_item()
    case = accepted(world)
    log_in(world.clerk)
    open_case_from_home(page, case.number)
    page.get_by_role("link", name="收费与缴费记录").click()
    check(page, "fees-window-due")
    page.get_by_label("窗口现金").check()
    page.get_by_role("button", name="登记收费").click()
    page.get_by_text("已登记窗口现金收费").wait_for()
    check(page, "fees-window-paid")
    assert Charge.objects.get(case=case).status == "paid"


def test_the_fees_page_works_on_a_phone_at_double_text_size(page, log_in):
    world = charged_item()
    case = accepted(world)
    log_in(world.clerk)
    page.set_viewport_size(PHONE)
    page.goto(f"/fees/case/{case.number}/")
    enlarge_text(page, 200)
    assert horizontal_overflow(page) == 0
    check(page, "fees-window-phone-200")


def test_a_helper_pays_for_a_villager(page, log_in, platform):
    world = charged_item()
    case = accepted(world)
    helper = StaffRoleFactory(site=world.site, role=StaffRole.Role.HELPER, user=UserFactory()).user
    log_in(helper)
    open_case_from_home(page, case.number)
    page.get_by_role("link", name="收费与缴费记录").click()
    page.get_by_role("button", name="为申请人网上代缴").click()
    pay_at_the_platform(page)
    page.wait_for_url(f"**/fees/case/{case.number}/")
    assert paid(case)
    assert Payment.objects.get(charge__case=case).payer_kind == "helper"
