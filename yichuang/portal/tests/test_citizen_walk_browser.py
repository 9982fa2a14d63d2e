"""Issue 15's citizen, in a real browser, from the front door with no URL typed (§1, §4, §5):
find the item through the guides, log in with a phone code (read where the demo gateway
records it), be refused while a required paper is missing, apply, be told at every step (each
message read from the database and in the hall's 我的消息), supplement online, get the result
and rate it. axe-core, 375 px and the keyboard on the new pages."""

import re

import pytest
from django.urls import reverse

from yichuang.cases import services as cases
from yichuang.cases.models import Case, Delivery
from yichuang.cases.workflow import State
from yichuang.catalog.models.choices import OnlineDepth
from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)
from yichuang.common.testing import run_together
from yichuang.ledger.relay import relay_once
from yichuang.notify.models import Message
from yichuang.notify.tests.factories import no_quiet_hours
from yichuang.people.tests.factories import make_citizen_id
from yichuang.seals.tests.factories import make_seal_world

from .factories import PDF, last_code

pytestmark = pytest.mark.django_db(transaction=True)
MOBILE = "13955554444"
Kind = Message.Kind


def accessible(page, name):
    violations = axe_violations(page)
    assert not violations, f"{name}: " + describe_violations(violations)


def told(case) -> list[str]:
    """The SMS kinds sent about the case, in order (what the phone received)."""
    return list(
        Message.objects.filter(case=case, channel=Message.Channel.SMS, status=Message.Status.SENT)
        .order_by("id")
        .values_list("kind", flat=True)
    )


def relay():
    # In a thread of its own: pyHanko signs with asyncio.run(); Playwright's loop runs in this one.
    assert not any(isinstance(r, Exception) for r in run_together([relay_once]))


def test_a_citizen_from_the_front_door_to_a_rated_result_is_told_every_step(page, settings, tmp_path):
    no_quiet_hours(settings)
    world = make_seal_world(online_depth=OnlineDepth.ONLINE).world
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)

    # 1. The front door → the guides → the township → the item → 网上申请 (to the login first).
    page.goto("/")
    accessible(page, "front door")
    screenshot(page, "citizen-1-front")
    page.get_by_role("link", name=re.compile("^办事指南")).first.click()
    page.get_by_role("link", name=world.site.name).first.click()
    page.get_by_role("link", name=re.compile(world.version.name)).first.click()
    page.get_by_role("link", name="网上申请").click()

    # 2. Log in with the code the demo gateway recorded, then the real-name check.
    page.get_by_label("手机号").fill(MOBILE)
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_label("短信验证码").fill(last_code(MOBILE))
    page.get_by_role("button", name="登录").click()
    page.get_by_label("姓名").fill("李桂兰")
    page.get_by_label("公民身份号码").fill(make_citizen_id(4321))
    page.get_by_role("button", name="提交认证").click()

    # 3. Nothing is submitted while a required paper is missing; each is named.
    page.get_by_role("button", name="提交申请").click()
    page.get_by_text("“居民身份证”是必要材料,请上传。").wait_for()
    assert not Case.objects.exists()
    accessible(page, "apply with errors")
    screenshot(page, "citizen-2-missing")
    page.get_by_label(re.compile("^上传“居民身份证”")).set_input_files(str(scan))
    page.get_by_label(re.compile("^上传“户口簿”")).set_input_files(str(scan))
    page.get_by_role("button", name="提交申请").click()
    page.get_by_text("申请已提交").wait_for()
    case = Case.objects.get()
    relay()
    assert told(case) == [Kind.RECEIVED]

    # 4. One-time notice → told with its list → supplied online.
    cases.prereview_request_supplement(case, world.clerk, {world.material("户口簿").pk: "扫描件不清晰"})
    relay()
    assert told(case)[-1] == Kind.SUPPLEMENT
    page.get_by_role("link", name="我的消息").first.click()
    page.get_by_text("户口簿(扫描件不清晰)").first.wait_for()
    accessible(page, "messages")
    screenshot(page, "citizen-3-messages")
    page.get_by_role("link", name=f"查看办件 {case.number}").first.click()
    page.get_by_label("上传补正的“户口簿”").set_input_files(str(scan))
    page.get_by_role("button", name="提交补正材料").click()
    page.get_by_text("补正材料已提交").wait_for()

    # 5. Accepted (with the due date), decided, ready, sent electronically, invited to rate.
    case = cases.prereview_accept(Case.objects.get(pk=case.pk), world.clerk)
    relay()
    case = cases.decide_instantly(Case.objects.get(pk=case.pk), world.clerk, opinion="经审查符合条件。")
    relay()
    case = Case.objects.get(pk=case.pk)
    if case.state == State.DECIDED:
        cases.prepare_delivery(case, world.clerk)
    relay()
    cases.deliver(Case.objects.get(pk=case.pk), world.clerk, Delivery.Method.ELECTRONIC)
    relay()
    assert told(case) == [
        Kind.RECEIVED,
        Kind.SUPPLEMENT,
        Kind.ACCEPTED,
        Kind.DECIDED,
        Kind.READY,
        Kind.ELECTRONIC,
        Kind.RATING,
    ]

    # 6. The hall lists it all; the citizen rates the service from the case page.
    page.get_by_role("link", name="我的消息").first.click()
    page.get_by_text("结果已电子送达").first.wait_for()
    page.get_by_role("link", name=f"查看办件 {case.number}").first.click()
    page.get_by_role("link", name="评价本次服务(好差评)").click()
    page.get_by_label("非常满意").check()
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text(re.compile("感谢")).first.wait_for()
    screenshot(page, "citizen-4-rated")


@pytest.mark.parametrize("url", ["/", "hall-messages"])
def test_the_new_pages_fit_a_phone_at_double_text_size(page, log_in, url):
    from .factories import citizen

    if url != "/":
        log_in(citizen().user)
        url = reverse("portal:messages")
    page.set_viewport_size(PHONE)
    page.goto(url)
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    accessible(page, url)
    screenshot(page, "citizen-375-" + ("front" if url == "/" else "messages"))


def test_the_front_doors_smart_guide_box_is_reached_and_sent_by_keyboard(page):
    page.goto("/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "need":
            break
    else:
        pytest.fail("the need box was never reached by Tab")
    page.keyboard.type("老人补贴")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/hall/\?need="))
