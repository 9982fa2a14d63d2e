"""The post-check pages (staff) and the commitment's PDF: reachable from the workbench bar,
only for the deciding department's approvers; the form needs its CSRF token."""

import pytest
from django.test import Client

from yichuang.commitments.models import CreditRecord, PostCheck
from yichuang.seals.tests.pdftools import pdf_text

from .factories import make_commitment_world, other_department_approver

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_commitment_world()


def logged_in(user, **kw):
    client = Client(**kw)
    client.force_login(user)
    return client


def check_url(case):
    return f"/commitments/checks/{PostCheck.objects.get(commitment__case=case).pk}/"


def test_the_workbench_bar_links_the_approver_to_the_post_check_queue(world):
    page = logged_in(world.approver).get("/workbench/").content.decode()
    assert 'href="/commitments/checks/"' in page


def test_the_clerks_bar_has_no_post_check_link(world):
    assert 'href="/commitments/checks/"' not in logged_in(world.clerk).get("/workbench/").content.decode()


def test_the_queue_lists_the_departments_pending_check(world):
    case = world.receive()
    page = logged_in(world.approver).get("/commitments/checks/").content.decode()
    assert case.number in page and "待核查" in page


def test_the_queue_of_another_department_is_empty(world):
    case = world.receive()
    page = logged_in(other_department_approver(world)).get("/commitments/checks/").content.decode()
    assert case.number not in page


def test_another_departments_check_page_is_not_found(world):
    case = world.receive()
    assert logged_in(other_department_approver(world)).get(check_url(case)).status_code == 404


def test_the_queue_needs_a_login():
    response = Client().get("/commitments/checks/")
    assert response.status_code == 302 and "/workbench/login/" in response["Location"]


def test_recording_false_on_the_page_revokes_and_shows_the_credit_record(world):
    case = world.granted()
    client = logged_in(world.approver)
    response = client.post(check_url(case), {"outcome": "false", "finding": "租房合同系伪造"}, follow=True)
    page = response.content.decode()
    assert "已撤销" in page and "失信记录" in page and "租房合同系伪造" in page
    assert CreditRecord.objects.filter(case_number=case.number).exists()


def test_a_false_outcome_without_a_finding_is_refused_in_chinese(world):
    case = world.granted()
    response = logged_in(world.approver).post(check_url(case), {"outcome": "false", "finding": ""})
    assert response.status_code == 400 and "须写明核查情况" in response.content.decode()


def test_the_outcome_form_needs_its_csrf_token(world):
    case = world.granted()
    client = logged_in(world.approver, enforce_csrf_checks=True)
    assert client.post(check_url(case), {"outcome": "true"}).status_code == 403
    assert PostCheck.objects.get(commitment__case=case).outcome == PostCheck.Outcome.PENDING


def test_the_commitment_pdf_is_a_pdf_with_the_text_hash(world, tmp_path):
    commitment = world.receive().commitments.get()
    response = logged_in(world.clerk).get(f"/commitments/{commitment.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path / "commitment.pdf")
    assert commitment.text_sha256 in "".join(text.split()) and "承诺人签名" in text


def test_the_commitment_pdf_is_not_found_for_staff_of_another_site(world):
    other = make_commitment_world(basic_code="330000000300")
    commitment = world.receive().commitments.get()
    assert logged_in(other.clerk).get(f"/commitments/{commitment.pk}/pdf/").status_code == 404


def test_the_case_page_shows_the_commitment_and_links_its_pdf(world):
    case = world.receive()
    page = logged_in(world.clerk).get(f"/workbench/cases/{case.number}/").content.decode()
    assert "告知承诺" in page and f"/commitments/{case.commitments.get().pk}/pdf/" in page
