"""The workbench in a real browser (issue 4; R-20–R-23, R-28, R-30, R-62): a clerk and an
approver drive 即办, 补办 → 补正 → 受理 → 准予 → 送达, 联办, 退回 and a helper's case; the
intake works by keyboard alone; every page passes axe-core and fits 375 px at 200% text."""

import datetime as dt
import re

import pytest

from yichuang.cases import services
from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.catalog import services as catalog
from yichuang.catalog.tests.guide_factories import village
from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import DepartmentFactory, StaffRoleFactory, UserFactory
from yichuang.people.tests.factories import LicenceFactory, make_citizen_id, make_helper

pytestmark = pytest.mark.django_db(transaction=True)


def check(page, name):
    """axe-core clean, then a screenshot for people to look at."""
    violations = axe_violations(page)
    assert not violations, f"{name}\n{describe_violations(violations)}"
    screenshot(page, name)


def switch_user(browser_context, log_in, user):
    browser_context.clear_cookies()
    log_in(user)


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has the focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def find_applicant(page, number):
    page.goto("/workbench/intake/")
    page.locator("#id_number").fill(number)
    page.get_by_role("button", name="查找申请人").click()
    page.locator("#applicant-result").get_by_text(re.compile("已登记申请人|尚未登记")).wait_for()


def pick_item(page, version):
    page.locator("#id_q").fill(version.name)
    page.get_by_role("button", name="搜索事项").click()
    page.get_by_role("link", name=version.name).click()
    page.get_by_role("button", name="确认办理").wait_for()


def act(page, label, **fields):
    form = page.locator("form.wb-action", has=page.get_by_role("heading", name=label, exact=True))
    for name, value in fields.items():
        form.get_by_label(name).fill(value)
    form.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def landed_case(page) -> str:
    """The number of the case page the browser arrives at (the machine is shared: be patient)."""
    page.wait_for_url("**/workbench/cases/**", timeout=60_000)
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def state_of(number):
    return Case.objects.get(number=number).state


def test_instant_case_by_keyboard_alone(page, log_in):
    world = make_world(instant=True)
    LicenceFactory(holder=world.applicant, licence_type_code="111")
    log_in(world.clerk)
    page.goto("/workbench/intake/")
    check(page, "intake-empty")
    page.keyboard.type(world.applicant.citizen_id)  # the number field has the focus on arrival
    page.keyboard.press("Enter")
    page.get_by_text("已登记申请人").wait_for()
    tab_to(page, "#id_q")
    page.keyboard.type(world.version.name)
    page.keyboard.press("Enter")
    page.wait_for_url("**q=*")
    tab_to(page, f"a[href*='item={world.version.item.basic_code}']")
    page.keyboard.press("Enter")
    page.get_by_text("已调取(电子证照)").wait_for()
    tab_to(page, "#id_fd_applicant__age")
    page.keyboard.type("85")
    tab_to(page, "button[name=check]")
    page.keyboard.press("Enter")
    page.get_by_text("✓ 符合").wait_for()
    check(page, "intake-filled")
    tab_to(page, "input[name=outcome][value=instant]")
    page.keyboard.press("Space")
    tab_to(page, "#id_opinion")
    page.keyboard.type("符合条件,当场办结")
    tab_to(page, "#finish")
    page.keyboard.press("Enter")
    number = landed_case(page)
    assert state_of(number) == "decided"
    check(page, "case-instant-decided")


def test_supplement_accept_approve_and_hand_out(page, log_in, browser_context):
    world = make_world()
    log_in(world.clerk)
    find_applicant(page, world.applicant.citizen_id)
    pick_item(page, world.version)
    household = world.material("户口簿")
    page.locator(f"input[name=m_{household.pk}][value=missing]").check()
    page.locator(f"#id_note_{household.pk}").fill("未带户口簿原件")
    page.locator("#id_fd_applicant__age").fill("85")
    page.locator("input[name=outcome][value=request_supplement]").check()
    page.get_by_role("button", name="确认办理").click()
    number = landed_case(page)
    assert state_of(number) == "awaiting_supplement"
    page.get_by_label("户口簿").check()
    act(page, "补正材料")
    act(page, "受理")
    assert state_of(number) == "accepted"
    switch_user(browser_context, log_in, world.approver)
    page.goto("/workbench/")
    check(page, "home-approver")
    page.get_by_role("link", name=number).click()
    act(page, "开始审查")
    act(page, "准予", 意见="材料齐全,符合条件")
    assert state_of(number) == "decided"
    switch_user(browser_context, log_in, world.clerk)
    page.goto(f"/workbench/cases/{number}/")
    act(page, "制证待送达")
    form = page.locator("form.wb-action", has=page.get_by_role("heading", name="送达", exact=True))
    form.get_by_role("radio", name="邮政快递").check()
    form.get_by_label("快递单号(邮政快递时必填)").fill("SF1234567890")
    form.get_by_role("button", name="送达").click()
    page.get_by_text("快递单号 SF1234567890").wait_for()
    assert state_of(number) == "completed"
    check(page, "case-completed")


def test_joint_case_answered_by_two_departments(page, log_in, browser_context):
    world = make_world()
    other = DepartmentFactory(site=world.site, name="自然资源所")
    other_approver = StaffRoleFactory(
        site=world.site, role=StaffRole.Role.APPROVER, department=other, user=UserFactory()
    ).user
    case = services.accept(
        services.receive(
            site=world.site,
            clerk=world.clerk,
            version=world.version,
            applicant=world.applicant,
            materials={m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()},
            form_data={"applicant": {"age": 85}},
        ),
        world.clerk,
    )
    log_in(world.clerk)
    page.goto(f"/workbench/cases/{case.number}/")
    form = page.locator("form.wb-action", has=page.get_by_role("heading", name="分送联办", exact=True))
    form.get_by_label(world.version.department.name).check()
    form.get_by_label("自然资源所").check()
    form.get_by_role("button", name="分送联办").click()
    page.get_by_role("heading", name="联办任务").wait_for()
    for approver in (world.approver, other_approver):
        switch_user(browser_context, log_in, approver)
        page.goto("/workbench/")
        page.get_by_role("link", name=case.number).first.click()
        page.get_by_role("button", name="联办部门答复").click()
        page.wait_for_load_state()
    assert state_of(case.number) == "decided"
    check(page, "case-joint-decided")


def test_refusing_intake_with_reason_and_basis(page, log_in):
    world = make_world()
    log_in(world.clerk)
    find_applicant(page, make_citizen_id(777001))
    pick_item(page, world.version)
    page.get_by_label("姓名或名称(必填)").fill("赵六")
    page.locator("#id_fd_applicant__age").fill("60")
    page.locator("input[name=outcome][value=refuse]").check()
    page.get_by_label("不予受理理由").fill("申请人未满80周岁,不符合高龄津贴申领条件")
    page.get_by_label("不予受理的法律依据").fill("《浙江省高龄津贴发放办法》第三条")
    page.get_by_role("button", name="确认办理").click()
    number = landed_case(page)
    assert state_of(number) == "terminated"
    check(page, "case-refused")


def test_a_village_helpers_case_is_continued_by_the_township(page, log_in, browser_context):
    world = make_world()
    station = village(world.site, name="凤田村")
    catalog.implement_at(station, world.version)
    helper = make_helper(site=station, user=UserFactory(full_name="村帮办员"))
    log_in(helper)
    find_applicant(page, world.applicant.citizen_id)
    pick_item(page, world.version)
    page.get_by_label("授权依据(如授权委托书编号)").fill("授权委托书 2026-031")
    page.get_by_label("授权有效期至").fill("2026-09-30")
    page.locator("#id_fd_applicant__age").fill("88")
    check(page, "intake-helper")
    # After axe and a full-page screenshot a mouse click may miss; the keyboard never does.
    page.locator("#finish").focus()
    page.keyboard.press("Enter")
    number = landed_case(page)
    switch_user(browser_context, log_in, world.clerk)
    page.goto("/workbench/")
    check(page, "home-clerk")
    page.get_by_role("link", name=number).click()
    act(page, "受理")
    assert state_of(number) == "accepted"
    assert Case.objects.get(number=number).authorisation.evidence == "授权委托书 2026-031"


def test_every_workbench_page_fits_a_phone_at_double_text(page, log_in, browser_context):
    world = make_world()
    case = services.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials={
            world.material("居民身份证").pk: MaterialInput(CaseMaterial.Status.RECEIVED),
            world.material("户口簿").pk: MaterialInput(CaseMaterial.Status.DEFERRED, promised_by=dt.date(2026, 6, 30)),
        },
        form_data={"applicant": {"age": 85}},
    )
    services.accept(case, world.clerk)
    head = StaffRoleFactory(site=world.site, role=StaffRole.Role.HEAD, user=UserFactory()).user
    page.set_viewport_size(PHONE)
    page.goto("/workbench/login/")
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    check(page, "login-375-200pct")
    for user, path, name in [
        (world.clerk, "/workbench/", "home-clerk"),
        (head, "/workbench/", "home-head"),
        (world.clerk, f"/workbench/intake/?item={world.version.item.basic_code}", "intake"),
        (world.clerk, f"/workbench/cases/{case.number}/", "case-clerk"),
        (world.approver, f"/workbench/cases/{case.number}/", "case-approver"),
    ]:
        switch_user(browser_context, log_in, user)
        page.goto(path)
        if name == "intake":  # the whole checklist shows once the applicant is known
            page.locator("#id_number").fill(world.applicant.citizen_id)
            page.get_by_role("button", name="查找申请人").click()
            page.get_by_role("button", name="确认办理").wait_for()
        enlarge_text(page)
        assert horizontal_overflow(page) == 0, path
        check(page, f"{name}-375-200pct")
