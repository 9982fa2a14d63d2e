"""Feedback pages (R-50, R-51, R-62): who gets in (anonymous → login, wrong role → 403, other
site → 404), and that each page does its one job through the services."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from yichuang.feedback import services
from yichuang.feedback.models import Rating
from yichuang.ledger.models import AuditRecord
from yichuang.org.models import StaffRole
from yichuang.people.tests.factories import ApplicantFactory

from .factories import citizen_for, other_site_head, staff_at

pytestmark = pytest.mark.django_db


def logged_in(user, **kw):
    client = Client(**kw)
    client.force_login(user)
    return client


def rate_url(case):
    return f"/feedback/cases/{case.number}/rate/"


@pytest.fixture
def ticket(fw):
    case = fw.decided_case()
    return services.rate_case(
        case, citizen_for(case.applicant), level=1, indicators=["efficiency"], reason="跑了三趟"
    ).rectification


# ---------------------------------------------------------------- rate_case


def test_rating_a_case_needs_a_login(fw):
    response = Client().get(rate_url(fw.decided_case()))
    assert response.status_code == 302 and "login" in response["Location"]


def test_another_citizen_gets_404_for_the_rating_page(fw):
    case = fw.decided_case()
    assert logged_in(citizen_for(ApplicantFactory())).get(rate_url(case)).status_code == 404


def test_a_clerk_gets_403_for_the_rating_page(fw):
    assert logged_in(fw.clerk).get(rate_url(fw.decided_case())).status_code == 403


def test_the_applicant_sees_the_five_levels(fw):
    case = fw.decided_case()
    page = logged_in(citizen_for(case.applicant)).get(rate_url(case)).content.decode()
    assert all(level in page for level in ["非常满意", "满意", "基本满意", "不满意", "非常不满意"])
    assert "csrfmiddlewaretoken" in page


def test_the_applicant_rates_through_the_page(fw):
    case = fw.decided_case()
    response = logged_in(citizen_for(case.applicant)).post(rate_url(case), {"level": "5"})
    assert response.status_code == 302 and Rating.objects.get(case=case).level == 5


def test_a_low_score_without_reason_is_shown_back_in_chinese(fw):
    case = fw.decided_case()
    response = logged_in(citizen_for(case.applicant)).post(rate_url(case), {"level": "1"})
    page = response.content.decode()
    assert response.status_code == 400 and "请写明原因" in page and not Rating.objects.exists()


def test_a_rated_case_shows_the_rating_instead_of_the_form(fw):
    case = fw.decided_case()
    citizen = citizen_for(case.applicant)
    services.rate_case(case, citizen, level=4)
    page = logged_in(citizen).get(rate_url(case)).content.decode()
    assert "您已评价过这件事" in page and 'name="level"' not in page


def test_the_rating_form_refuses_a_post_without_csrf(fw):
    case = fw.decided_case()
    client = logged_in(citizen_for(case.applicant), enforce_csrf_checks=True)
    assert client.post(rate_url(case), {"level": "5"}).status_code == 403


# ---------------------------------------------------------------- tickets


def test_the_ticket_list_needs_a_login():
    response = Client().get("/feedback/tickets/")
    assert response.status_code == 302 and response["Location"].startswith("/workbench/login/")


def test_a_clerk_gets_403_for_the_ticket_list(fw):
    assert logged_in(fw.clerk).get("/feedback/tickets/").status_code == 403


def test_the_head_sees_the_tickets_of_the_site(fw, ticket):
    page = logged_in(fw.head).get("/feedback/tickets/").content.decode()
    assert f"/feedback/tickets/{ticket.pk}/" in page


def test_the_head_of_another_site_does_not_see_them_in_the_list(fw, ticket):
    page = logged_in(other_site_head()).get("/feedback/tickets/").content.decode()
    assert f"/feedback/tickets/{ticket.pk}/" not in page


def test_the_head_of_another_site_gets_404_for_the_ticket(fw, ticket):
    assert logged_in(other_site_head()).get(f"/feedback/tickets/{ticket.pk}/").status_code == 404


def test_a_clerk_gets_403_for_the_ticket(fw, ticket):
    assert logged_in(fw.clerk).get(f"/feedback/tickets/{ticket.pk}/").status_code == 403


def test_the_ticket_page_needs_a_login(fw, ticket):
    response = Client().get(f"/feedback/tickets/{ticket.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/workbench/login/")


def test_the_head_verifies_through_the_page(fw, ticket):
    response = logged_in(fw.head).post(f"/feedback/tickets/{ticket.pk}/verify/", {"note": "调取监控,属实"})
    ticket.refresh_from_db()
    assert response.status_code == 302 and ticket.state == "rectifying"


def test_the_head_of_another_site_cannot_post_a_step(fw, ticket):
    response = logged_in(other_site_head()).post(f"/feedback/tickets/{ticket.pk}/verify/", {"note": "核实"})
    ticket.refresh_from_db()
    assert response.status_code == 404 and ticket.state == "verifying"


def test_a_step_without_note_is_shown_back(fw, ticket):
    response = logged_in(fw.head).post(f"/feedback/tickets/{ticket.pk}/verify/", {"note": ""})
    assert response.status_code == 400 and "请填写情况说明" in response.content.decode()


def test_a_stale_step_answers_409_with_the_current_step(fw, ticket):
    response = logged_in(fw.head).post(f"/feedback/tickets/{ticket.pk}/close/", {"note": ""})
    assert response.status_code == 409 and "下一步:核实" in response.content.decode()


def test_the_list_shows_a_report_phone_masked(fw):
    services.report_unresolved(fw.site, matter="办不了", phone="13812345678")
    page = logged_in(fw.head).get("/feedback/tickets/").content.decode()
    assert "138****5678" in page and "13812345678" not in page


def test_a_supervisor_of_the_site_sees_the_ticket(fw, ticket):
    supervisor = staff_at(fw.site, StaffRole.Role.SUPERVISOR)
    assert logged_in(supervisor).get(f"/feedback/tickets/{ticket.pk}/").status_code == 200


def test_the_head_sees_the_full_phone_for_the_call_back_and_it_is_audited(fw):
    ticket = services.report_unresolved(fw.site, matter="办不了", phone="13812345678").rectification
    page = logged_in(fw.head).post(f"/feedback/tickets/{ticket.pk}/phone/").content.decode()
    assert "13812345678" in page
    assert AuditRecord.objects.filter(
        stream=f"feedback.ticket.{ticket.pk}", action="feedback.ticket.phone_viewed", actor=fw.head.username
    ).exists()


def test_the_ticket_page_shows_the_phone_masked_until_asked(fw):
    ticket = services.report_unresolved(fw.site, matter="办不了", phone="13812345678").rectification
    page = logged_in(fw.head).get(f"/feedback/tickets/{ticket.pk}/").content.decode()
    assert "138****5678" in page and "13812345678" not in page


def test_the_head_of_another_site_cannot_see_the_phone(fw):
    ticket = services.report_unresolved(fw.site, matter="办不了", phone="13812345678").rectification
    assert logged_in(other_site_head()).post(f"/feedback/tickets/{ticket.pk}/phone/").status_code == 404


def test_the_ticket_list_costs_the_same_statements_for_one_or_many_tickets(fw, django_assert_max_num_queries):
    services.report_unresolved(fw.site, matter="办不了", phone="13812345678")
    client = logged_in(fw.head)
    with CaptureQueriesContext(connection) as one:
        client.get("/feedback/tickets/")
    for _ in range(5):
        services.report_unresolved(fw.site, matter="办不了", phone="13812345678")
    with django_assert_max_num_queries(len(one)):
        client.get("/feedback/tickets/")
