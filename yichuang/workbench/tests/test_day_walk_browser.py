"""A day at the window as ONE walk in a real browser (issue 20, "Done when"; R-20–R-24, R-41,
R-50): a new clerk, typing no address, takes a walk-in's application, accepts it; the approver
finds it on their home page and approves; the sealed decision appears by itself; the case waits
in the clerk's 待送达 queue; the clerk hands it out and invites a rating, which the window's
评价器 takes. The relay — the system's worker, which seals and prepares hand-out in production —
runs where a person would otherwise wait for it."""

import re
import threading

import pytest

from yichuang.cases.models import Case
from yichuang.cases.tests.factories import make_world
from yichuang.feedback import device
from yichuang.feedback import services as feedback
from yichuang.feedback.models import Rating
from yichuang.feedback.tests.factories import staff_at
from yichuang.ledger.relay import relay_once
from yichuang.org.models import Post, StaffRole, Window
from yichuang.org.tests.factories import PostFactory, WindowFactory
from yichuang.seals import services as seals
from yichuang.seals.models import DocumentKind, SealKind, SealUse
from yichuang.seals.tests.factories import ensure_ca

from .test_flows_browser import act, check, switch_user

pytestmark = pytest.mark.django_db(transaction=True)


def queue(page, title: str):
    return page.locator("section.wb-queue", has=page.get_by_role("heading", name=re.compile(title)))


def run_the_relay() -> None:
    """The relay in a thread of its own, as its worker process runs it: the signer runs an asyncio
    loop, which Playwright's loop in this thread would refuse."""
    from django.db import connection

    def work():
        try:
            relay_once()
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()


def test_walk_in_to_rating_without_typing_an_address(page, log_in, browser_context, live_server):
    world = make_world()
    ensure_ca()
    approval = {s.kind: s for s in seals.issue_site_seals(world.site)}[SealKind.APPROVAL]
    window = WindowFactory(site=world.site, type=Window.Type.INTAKE)
    PostFactory(window=window, staff=world.clerk, position=Post.Position.A)
    _, tablet_token = feedback.bind_tablet(window, staff_at(world.site, StaffRole.Role.HEAD))

    # The clerk: 新收件 from the home page, the walk-in's ID number, the item, the form, 受理.
    log_in(world.clerk)
    page.goto("/workbench/")
    page.get_by_role("link", name="新收件").click()
    page.locator("#id_number").fill(world.applicant.citizen_id)
    page.get_by_role("button", name="查找申请人").click()
    page.get_by_text("已登记申请人").wait_for()
    page.locator("#id_q").fill(world.version.name)
    page.get_by_role("button", name="搜索事项").click()
    page.get_by_role("link", name=world.version.name).click()
    page.locator("#id_fd_applicant__age").fill("85")
    page.locator("input[name=outcome][value=accept]").check()
    page.get_by_role("button", name="确认办理").click()
    page.wait_for_url("**/workbench/cases/**", timeout=60_000)
    number = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert Case.objects.get(number=number).state == "accepted"

    # The approver: the case is on their home page; 开始审查, 准予.
    switch_user(browser_context, log_in, world.approver)
    page.goto("/workbench/")
    page.get_by_role("link", name=number).click()
    act(page, "开始审查")
    act(page, "准予", 意见="材料齐全,符合条件")
    run_the_relay()  # the system seals the decision and prepares the hand-out

    # The clerk: the case waits under 待送达 with its sealed decision; hand it out.
    switch_user(browser_context, log_in, world.clerk)
    page.goto("/workbench/")
    waiting = queue(page, "受理窗口")
    row = waiting.locator("tr", has=page.get_by_role("link", name=number))
    assert "待送达" in row.inner_text()
    check(page, "walk-clerk-home-awaiting-delivery")
    row.get_by_role("link", name=number).click()
    # count() does not wait: the URL changes when the navigation commits, before the page loads.
    page.wait_for_url(f"**/workbench/cases/{number}/")
    decision = page.locator(f"a[href='/documents/{number}/decision.pdf']")
    assert decision.count() == 1
    pdf = page.request.get(decision.get_attribute("href"))
    sealed = SealUse.objects.get(case__number=number, document_kind=DocumentKind.DECISION)
    assert pdf.ok and pdf.body() == sealed.document.read() and sealed.seal == approval
    form = page.locator("form.wb-action", has=page.get_by_role("heading", name="送达", exact=True))
    form.get_by_role("radio", name="窗口领取").check()
    form.get_by_role("button", name="送达").click()
    page.wait_for_load_state()
    assert Case.objects.get(number=number).state == "completed"

    # The clerk invites the rating from their bar; the applicant rates on the window's 评价器.
    page.get_by_role("link", name=re.compile("评价器")).first.click()
    page.get_by_label("办件编号(可不填)").fill(number)
    page.get_by_role("button", name="邀请评价").click()
    page.get_by_text("已邀请评价").wait_for()
    browser_context.clear_cookies()  # the tablet is another device: no staff session, its own token
    browser_context.add_cookies([{"name": device.COOKIE, "value": tablet_token, "url": live_server.url}])
    page.goto("/feedback/tablet/")  # the kiosk's own start page
    page.get_by_label("非常满意").check()
    page.get_by_role("button", name="提交评价").click()
    page.get_by_role("heading", name="感谢您的评价!").wait_for()
    rating = Rating.objects.get()
    assert (rating.case.number, rating.level, rating.staff) == (number, 5, world.clerk)
