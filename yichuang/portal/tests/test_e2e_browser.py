"""The whole story of issue 6 in a real browser (R-16, R-22, R-25, R-50): a citizen finds an item from a plain-language
need, applies with the form prefilled, is asked to supplement and does so online, receives the
sealed result, rates the service badly, and the rectification ticket appears for the centre
head, who closes it. The staff side is driven through the cases services (the workbench has
browser tests of its own); the outbox relay seals the decision as in production."""

import re

import pytest
from django.urls import reverse

from yichuang.cases import services as cases
from yichuang.cases.models import Case, Delivery
from yichuang.cases.workflow import State
from yichuang.catalog.models.choices import OnlineDepth
from yichuang.common.browser_testing import PHONE, axe_violations, describe_violations, screenshot
from yichuang.common.testing import run_together
from yichuang.ledger.relay import relay_once
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
from yichuang.people.services import issue_licence
from yichuang.people.tests.factories import ISSUER_USCC
from yichuang.seals.tests.factories import make_seal_world

from .factories import PDF, citizen

pytestmark = pytest.mark.django_db(transaction=True)


def test_need_to_sealed_result_to_bad_rating_to_closed_ticket(page, log_in, tmp_path):
    from yichuang.feedback import services as feedback
    from yichuang.feedback.models import Rectification

    sw = make_seal_world(online_depth=OnlineDepth.ONLINE)
    world = sw.world
    head = StaffRoleFactory(site=world.site, role=StaffRole.Role.HEAD, user=UserFactory()).user
    account = citizen(phone="13966667777", name="王秀英")
    issue_licence(account.applicant, "111", "居民身份证", "示范县公安局", ISSUER_USCC, data={})
    scan = tmp_path / "户口簿.pdf"
    scan.write_bytes(PDF)
    log_in(account.user)
    page.set_viewport_size(PHONE)

    # 1. A need in plain words finds the item.
    page.goto(reverse("portal:index"))
    page.get_by_label("您想办什么事?用平常的话说就行").fill("家里老人想领高龄津贴")
    page.get_by_label("在哪里办").select_option(world.site.code)
    page.get_by_role("button", name="帮我找").click()
    page.get_by_role("heading", name=world.version.name).wait_for()
    screenshot(page, "e2e-1-guide")
    page.get_by_role("link", name=re.compile(f"^网上申请\\s*:{world.version.name}$")).click()

    # 2. The form is prefilled; the ID card is fetched; the household register is uploaded.
    age = page.get_by_label("申请人年龄(周岁)")
    assert age.input_value() == "86"
    page.get_by_text("已从电子证照库调取,无需上传").wait_for()
    page.get_by_label("上传“户口簿”").set_input_files(str(scan))
    screenshot(page, "e2e-2-apply")
    page.get_by_role("button", name="提交申请").click()
    page.get_by_text("申请已提交").wait_for()
    case = Case.objects.get(applicant=account.applicant)
    assert (case.channel, case.state, case.owner) == ("online", State.PREREVIEW, None)

    # 3. The window pre-reviews and asks, once, for a better scan.
    cases.prereview_request_supplement(
        case, world.clerk, {world.material("户口簿").pk: "户口簿扫描件不清晰,请重新上传"}
    )
    page.goto(reverse("portal:case", args=[case.number]))
    page.get_by_text("户口簿扫描件不清晰,请重新上传").wait_for()
    screenshot(page, "e2e-3-supplement")
    page.get_by_label("上传补正的“户口簿”").set_input_files(str(scan))
    page.get_by_role("button", name="提交补正材料").click()
    page.get_by_text("补正材料已提交").wait_for()
    case.refresh_from_db()
    assert case.state == State.PREREVIEW

    # 4. Accepted, decided on the spot, sealed by the relay, delivered electronically.
    case = cases.prereview_accept(case, world.clerk)
    cases.decide_instantly(case, world.clerk, opinion="经审查符合条件。")
    # In a thread of its own: pyHanko signs with asyncio.run(), and Playwright's sync API keeps
    # an event loop running in this one.
    assert not any(isinstance(r, Exception) for r in run_together([relay_once]))
    cases.prepare_delivery(case, world.clerk)
    cases.deliver(case, world.clerk, Delivery.Method.ELECTRONIC)
    page.goto(reverse("portal:case", args=[case.number]))
    screenshot(page, "e2e-4-result")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^下载.*决定书")).click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    screenshot(page, "e2e-4-result")

    # 5. A bad rating from the case page.
    page.get_by_role("link", name="评价本次服务(好差评)").click()
    page.get_by_label("非常不满意").check()
    page.get_by_label("办事效率").check()
    page.get_by_label("评价内容(不满意时必填)").fill("补正让我等了很久")
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text("中心将核实整改").wait_for()
    screenshot(page, "e2e-5-rated")

    # 6. The ticket is in the head's list; verified, rectified and called back, the head closes it.
    ticket = Rectification.objects.get()
    feedback.verify(ticket, head, "属实")
    feedback.rectify(ticket, head, "补正材料当日审核")
    feedback.call_back(ticket, head, "satisfied", "电话回访,满意")
    log_in(head)
    page.goto(reverse("feedback:tickets"))
    page.get_by_role("link", name=f"第{ticket.pk}号").click()
    page.get_by_label("办结说明(可不填)").fill("整改完成,回访满意")
    page.get_by_role("button", name="办结").click()
    page.get_by_text("整改单已办结。").wait_for()
    screenshot(page, "e2e-6-ticket-closed")
    ticket.refresh_from_db()
    assert ticket.state == "closed"
