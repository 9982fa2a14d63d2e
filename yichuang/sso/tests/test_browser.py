"""用统一身份认证登录 in a real browser (issue 17 §7, R-60): from the front page, by clicking, a
citizen lands in 我的办件 and a clerk on the workbench home with their queue, through the local
provider's own sign-in page. The changed login pages pass axe-core and fit 375 px at 200% text."""

import pytest

from yichuang.cases import services
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.common.browser_testing import (
    PHONE,
    axe_violations,
    describe_violations,
    enlarge_text,
    horizontal_overflow,
    screenshot,
)

from ..models import StaffIdentity
from .conftest import CITIZEN, CLERK_SUBJECT, configure
from .factories import registered_person
from .provider_process import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_at_the_platform(page, username: str) -> None:
    page.get_by_role("button", name="用统一身份认证登录").click()
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def looks_right_on_a_phone(page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.set_viewport_size(PHONE)
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    screenshot(page, name)
    enlarge_text(page, 100)


def test_a_citizen_logs_in_through_the_platform_and_lands_in_my_cases(page, settings, live_provider_url):
    configure(settings, live_provider_url)
    person = registered_person(CITIZEN)
    page.goto("/")
    page.get_by_role("link", name="我的办件").first.click()
    page.wait_for_url("**/hall/login/**")
    looks_right_on_a_phone(page, "sso-hall-login-375")
    sign_in_at_the_platform(page, "citizen")
    page.wait_for_url("**/hall/cases/")
    assert page.get_by_role("heading", name="我的办件").is_visible()
    assert person.name in page.content()


def test_a_clerk_logs_in_through_the_platform_and_lands_on_their_queue(page, settings, live_provider_url):
    configure(settings, live_provider_url)
    world = make_world()
    StaffIdentity.objects.create(issuer=live_provider_url, subject=CLERK_SUBJECT, user=world.clerk)
    materials = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()}
    case = services.receive(
        site=world.site, clerk=world.clerk, version=world.version, applicant=world.applicant, materials=materials
    )
    page.goto("/")
    page.get_by_role("link", name="网上办事大厅").first.click()
    page.get_by_role("navigation", name="网上办事大厅").get_by_role("link", name="登录").click()
    page.get_by_role("link", name="工作台").click()
    page.wait_for_url("**/workbench/login/**")
    looks_right_on_a_phone(page, "sso-workbench-login-375")
    sign_in_at_the_platform(page, "clerk")
    page.wait_for_url("**/workbench/")
    assert case.number in page.content()


def test_an_unknown_staff_subject_sees_a_chinese_refusal_with_a_way_back(page, settings, live_provider_url):
    configure(settings, live_provider_url)
    page.goto("/workbench/login/")
    sign_in_at_the_platform(page, "stranger")
    page.wait_for_url("**/sso/staff/refused/")
    assert "尚未关联本系统的工作人员账号" in page.content()
    looks_right_on_a_phone(page, "sso-staff-refused-375")
    page.get_by_role("link", name="回到工作台登录页").click()
    page.wait_for_url("**/workbench/login/")
