"""Case search in a real browser (issue 20 §2): from the workbench home, through the bar's link,
a clerk finds a case by its number's tail, by the applicant's name and by their ID number; the page passes
axe-core and fits 375 px at 200% text."""

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

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_clerk_finds_a_case_from_the_home_page_through_the_search_link(page, log_in):
    world = make_world()
    materials = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()}
    cases = [
        services.receive(
            site=world.site,
            clerk=world.clerk,
            version=world.version,
            applicant=world.applicant,
            materials=materials,
            form_data={"applicant": {"age": 85}},
        )
        for _ in range(2)
    ]
    log_in(world.clerk)
    page.goto("/workbench/")
    page.get_by_role("link", name="办件查询").click()
    page.get_by_label("办件编号(完整或后几位)").fill(cases[1].number[-4:])
    page.get_by_role("button", name="查询").click()
    page.locator("#h-results").wait_for()
    results = page.locator("table.wb-table tbody tr")
    assert results.count() == 1 and cases[1].number in results.inner_text()
    assert page.url.endswith("/workbench/search/")

    page.get_by_role("link", name="清空条件").click()
    page.get_by_label("申请人姓名或名称(可只填开头)").fill(world.applicant.name[:2])
    page.get_by_role("button", name="查询").click()
    page.locator("#h-results").wait_for()
    assert page.locator("table.wb-table tbody tr").count() == 2

    page.get_by_role("link", name="清空条件").click()
    page.get_by_label("身份证号或统一社会信用代码").fill(world.applicant.citizen_id)
    page.get_by_role("button", name="查询").click()
    page.locator("#masked-id").wait_for()
    assert page.locator("table.wb-table tbody tr").count() == 2
    assert world.applicant.citizen_id not in page.url and world.applicant.citizen_id not in page.content()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.set_viewport_size(PHONE)
    enlarge_text(page)
    assert horizontal_overflow(page) == 0
    screenshot(page, "workbench-search-375")
