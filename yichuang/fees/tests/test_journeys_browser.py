"""Issue 18's journeys in a real browser with nothing typed into the address bar but the front
door and the staff's home: a citizen finds a charged item from the front page, applies online,
pays through the reference payment platform (a real process) and the case is handed out; after
a 不予许可 the money goes back — online money through the platform, cash at the window with a
second person's password. axe-core (serious/critical) and a screenshot of each of our pages."""

import re

import pytest

from yichuang.cases import services as cases
from yichuang.cases.models import Case
from yichuang.catalog.models.choices import OnlineDepth
from yichuang.common.testing import run_together
from yichuang.fees.models import Charge, Payment, Refund
from yichuang.ledger.relay import relay_once
from yichuang.people.tests.factories import make_citizen_id
from yichuang.portal.tests.factories import PDF, last_code
from yichuang.workbench.tests.test_flows_browser import check, switch_user

from .factories import accepted, charged_item
from .provider_process import wait_for
from .test_browser import open_case_from_home, pay_at_the_platform

pytestmark = pytest.mark.django_db(transaction=True)
MOBILE = "13955557777"
BASIS = "《居民身份证法》第八条"


def relay():
    # In a thread of its own: pyHanko signs with asyncio.run(); Playwright's loop runs in this one.
    assert not any(isinstance(r, Exception) for r in run_together([relay_once]))


def charge_status(case) -> str:
    return Charge.objects.get(case=case).status


def test_a_citizen_applies_from_the_front_page_pays_online_and_the_case_is_handed_out(
    page, log_in, browser_context, platform, tmp_path
):
    world = charged_item(online_depth=OnlineDepth.ONLINE)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    page.goto("/")
    page.get_by_role("link", name=re.compile("^办事指南")).first.click()
    page.get_by_role("link", name=world.site.name).first.click()
    page.get_by_role("link", name=re.compile(world.version.name)).first.click()
    page.get_by_text("20元/证").first.wait_for()  # the guide states the fee before anyone applies
    page.get_by_role("link", name="网上申请").click()
    page.get_by_label("手机号").fill(MOBILE)
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_label("短信验证码").fill(last_code(MOBILE))
    page.get_by_role("button", name="登录").click()
    page.get_by_label("姓名").fill("王秀英")
    page.get_by_label("公民身份号码").fill(make_citizen_id(1947))
    page.get_by_role("button", name="提交认证").click()
    page.get_by_label(re.compile("^上传“居民身份证”")).set_input_files(str(scan))
    page.get_by_label(re.compile("^上传“户口簿”")).set_input_files(str(scan))
    page.get_by_role("button", name="提交申请").click()
    page.get_by_text("申请已提交").wait_for()
    case = Case.objects.get()

    cases.prereview_accept(case, world.clerk)
    relay()  # fees.assess: the charge of 20.00元
    page.get_by_role("link", name="我的办件").first.click()
    page.get_by_role("link", name=world.version.name).first.click()
    check(page, "fees-journey-hall-due")
    page.get_by_role("button", name="网上缴费").click()
    pay_at_the_platform(page)
    page.wait_for_url(f"**/hall/cases/{case.number}/")
    assert wait_for(lambda: charge_status(case) == Charge.Status.PAID)
    page.reload()
    page.get_by_text("已缴费").first.wait_for()
    check(page, "fees-journey-hall-paid")

    case = cases.approve(cases.start_review(Case.objects.get(pk=case.pk), world.approver), world.approver, "同意")
    relay()
    switch_user(browser_context, log_in, world.clerk)
    page.goto("/workbench/")
    page.get_by_role("link", name=case.number).first.click()
    form = page.locator("form.wb-action", has=page.get_by_role("heading", name="送达", exact=True))
    form.get_by_role("radio", name="窗口领取").check()
    form.get_by_role("button", name="送达").click()
    page.wait_for_load_state()
    assert Case.objects.get(pk=case.pk).state == "completed"


def test_after_a_denial_online_money_goes_back_through_the_platform_and_the_citizen_sees_it(page, log_in, platform):
    from yichuang.portal.tests.factories import citizen

    world = charged_item()
    account = citizen()
    world.applicant = account.applicant
    case = accepted(world)
    log_in(account.user)
    page.goto("/hall/")
    page.get_by_role("link", name="我的办件").first.click()
    page.get_by_role("link", name=world.version.name).first.click()
    page.get_by_role("button", name="网上缴费").click()
    pay_at_the_platform(page)
    page.wait_for_url(f"**/hall/cases/{case.number}/")
    assert wait_for(lambda: charge_status(case) == Charge.Status.PAID)

    cases.deny(cases.start_review(Case.objects.get(pk=case.pk), world.approver), world.approver, "不符合条件", BASIS)
    relay()  # fees.refund_denied → the platform's refund interface
    refund = Refund.objects.get(payment__charge__case=case)
    assert refund.status == Refund.Status.REFUNDED
    assert platform.refunds_of(refund.payment.order_no) == [(refund.refund_no, 2000)]
    page.reload()
    page.get_by_text("原路退回(统一公共支付平台),已退款").wait_for()
    check(page, "fees-journey-hall-refunded")


def test_after_a_denial_cash_goes_back_at_the_window_with_a_second_persons_password(page, log_in):
    world = charged_item()
    case = accepted(world)
    world.second.set_password("复核口令-3")
    world.second.save()
    log_in(world.clerk)
    open_case_from_home(page, case.number)
    page.get_by_role("link", name="收费与缴费记录").click()
    page.get_by_label("窗口现金").check()
    page.get_by_role("button", name="登记收费").click()
    page.get_by_text("已登记窗口现金收费").wait_for()

    cases.deny(cases.start_review(Case.objects.get(pk=case.pk), world.approver), world.approver, "不符合条件", BASIS)
    relay()
    page.reload()
    check(page, "fees-journey-window-refund-due")
    page.get_by_label("复核人账号").last.fill(world.second.username)
    page.get_by_label("复核人密码").last.fill("复核口令-3")
    page.get_by_role("button", name="登记已退款").click()
    page.get_by_text("已登记窗口退款20.00元").wait_for()
    check(page, "fees-journey-window-refunded")
    refund = Refund.objects.get(payment__charge__case=case)
    assert (refund.status, refund.confirmed_by, refund.payment.status) == (
        "refunded",
        world.second,
        Payment.Status.REFUNDED,
    )
