"""告知承诺 in a real browser (issue 17 §6): the clerk receives and accepts a case whose 居住证明
is replaced by the applicant's commitment; the deciding department's approver grants it; the
post-check task is in the approver's queue, reached from the workbench bar; the approver records
承诺不实; the decision is revoked and the 失信记录 shown. axe-core on the new pages, and the
check page at 375 px and 200 % text."""

import pytest

from yichuang.cases.models import Case
from yichuang.common.browser_testing import DESKTOP, PHONE, enlarge_text, horizontal_overflow, screenshot
from yichuang.workbench.tests.test_flows_browser import (
    act,
    check,
    find_applicant,
    landed_case,
    pick_item,
    switch_user,
)

from .factories import make_commitment_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_commitment_to_post_check_to_revocation_and_credit_record(page, log_in, browser_context):
    world = make_commitment_world()
    log_in(world.clerk)
    find_applicant(page, world.applicant.citizen_id)
    pick_item(page, world.version)
    page.locator(f"input[name=m_{world.proof.pk}][value=commitment]").check()
    page.locator("#id_fd_applicant__age").fill("85")
    page.locator("input[name=outcome][value=accept]").check()
    page.get_by_role("button", name="确认办理").click()
    number = landed_case(page)
    assert Case.objects.get(number=number).state == "accepted"
    page.get_by_role("link", name="告知承诺书(PDF)").wait_for()
    check(page, "commitment-case-page")

    switch_user(browser_context, log_in, world.approver)
    page.goto(f"/workbench/cases/{number}/")
    act(page, "开始审查")
    act(page, "准予", 意见="符合条件")
    page.goto("/workbench/")
    page.get_by_role("link", name="告知承诺事后核查").click()
    page.get_by_role("link", name=number).wait_for()
    check(page, "commitment-checks")
    page.get_by_role("link", name=number).click()
    check(page, "commitment-check")
    page.get_by_role("radio", name="承诺不实").check()
    page.get_by_label("核查情况(认定承诺不实时必填)").fill("经核查,申请人未在该地址居住")
    page.get_by_role("button", name="登记核查结果").click()
    page.locator("#outcome").get_by_text("承诺不实").wait_for()
    assert "已撤销" in page.locator("#case-state").inner_text()
    assert (
        "经核查,申请人未在该地址居住"
        in page.locator("section", has=page.get_by_role("heading", name="申请人失信记录")).inner_text()
    )
    assert Case.objects.get(number=number).state == "revoked"
    check(page, "commitment-check-revoked")
    page.set_viewport_size(PHONE)
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    screenshot(page, "commitment-check-revoked-375")
    page.set_viewport_size(DESKTOP)


def test_the_proofs_list_is_reached_from_the_guide_and_is_accessible(page):
    world = make_commitment_world()
    page.goto(f"/guide/{world.site.code}/")
    page.get_by_role("link", name="证明事项清单").click()
    page.get_by_role("heading", name="可告知承诺替代的证明(1 项)").wait_for()
    check(page, "proofs-list")
    page.set_viewport_size(PHONE)
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    screenshot(page, "proofs-list-375")
