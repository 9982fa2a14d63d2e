"""The money pages: the case page shows 待缴费 and links to the fees page, where window staff
take cash or card and correct with a second person; the citizen and the village helper pay
online; heads read the daily report (R-31, R-28)."""

import io

import pytest
from openpyxl import load_workbook

from yichuang.fees.models import Charge, Payment
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
from yichuang.portal.tests.factories import citizen
from yichuang.workbench.tests.test_pages import logged_in

from .factories import accepted, charged_item

pytestmark = pytest.mark.django_db


def test_the_case_page_shows_the_fee_due_and_links_to_the_fees_page():
    world = charged_item()
    case = accepted(world)
    html = logged_in(world.clerk).get(f"/workbench/cases/{case.number}/").content.decode()
    assert "待缴费 20.00元" in html and f"/fees/case/{case.number}/" in html


def test_a_clerk_records_cash_through_the_page():
    world = charged_item()
    case = accepted(world)
    client = logged_in(world.clerk)
    assert "登记收费" in client.get(f"/fees/case/{case.number}/").content.decode()
    client.post(f"/fees/case/{case.number}/window/", {"channel": "cash", "amount": "20.00"})
    assert Charge.objects.get(case=case).status == "paid"


def test_a_correction_through_the_page_checks_the_second_persons_password():
    world = charged_item()
    case = accepted(world)
    world.second.set_password("复核口令-1")
    world.second.save()
    client = logged_in(world.clerk)
    client.post(f"/fees/case/{case.number}/window/", {"channel": "card", "amount": "20"})
    payment = Payment.objects.get(charge__case=case)
    url = f"/fees/case/{case.number}/void/{payment.pk}/"
    client.post(url, {"reason": "刷错卡", "second_username": world.second.username, "second_password": "错"})
    assert Charge.objects.get(case=case).status == "paid"
    client.post(url, {"reason": "刷错卡", "second_username": world.second.username, "second_password": "复核口令-1"})
    assert Charge.objects.get(case=case).status == "due"


def test_staff_of_another_site_do_not_see_the_fees_page():
    world = charged_item()
    case = accepted(world)
    stranger = StaffRoleFactory(role=StaffRole.Role.CLERK, user=UserFactory()).user
    assert logged_in(stranger).get(f"/fees/case/{case.number}/").status_code == 404


def test_another_citizen_cannot_pay_for_a_case_not_theirs():
    world = charged_item()
    owner, other = citizen(), citizen()
    world.applicant = owner.applicant
    case = accepted(world)
    assert logged_in(other.user).post(f"/fees/hall/{case.number}/pay/").status_code == 404


def test_the_citizens_case_page_offers_online_payment():
    world = charged_item()
    owner = citizen()
    world.applicant = owner.applicant
    case = accepted(world)
    html = logged_in(owner.user).get(f"/hall/cases/{case.number}/").content.decode()
    assert "网上缴费" in html and f"/fees/hall/{case.number}/pay/" in html


def test_heads_read_the_daily_report_and_its_workbook():
    world = charged_item()
    case = accepted(world)
    head = StaffRoleFactory(site=world.site, role=StaffRole.Role.HEAD, user=UserFactory()).user
    client = logged_in(head)
    assert "20.00元" in client.get("/fees/report/").content.decode()  # outstanding
    logged_in(world.clerk).post(f"/fees/case/{case.number}/window/", {"channel": "cash", "amount": "20"})
    sheet = load_workbook(io.BytesIO(client.get("/fees/report.xlsx").content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[1][:4] == ("站点", "部门", "事项", "当日实收(元)") and float(values[2][3]) == 20.0


def test_clerks_do_not_read_the_report():
    world = charged_item()
    assert logged_in(world.clerk).get("/fees/report/").status_code == 403


def test_reconciliation_differences_are_listed_for_a_person_in_the_admin():
    from yichuang.fees.models import Difference

    Difference.objects.create(day="2026-06-15", kind="unknown_order", order_no="P9", detail="平台流水T9")
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    html = logged_in(admin_user).get("/admin/fees/difference/").content.decode()
    assert "P9" in html and "平台流水的订单号在本系统中不存在" in html
