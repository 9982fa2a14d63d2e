"""预审 sees everything the applicant sent (issue 20 §3): the online form's answers with their
labels, every upload viewable in the browser — only by staff of the case's sites, each view
audited without personal data, served as the type its bytes were checked to be — and the
e-licences fetched for the case with their identifiers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yichuang.cases.models import CaseMaterial
from yichuang.cases.services.online import applicant_actor
from yichuang.cases.tests.factories import make_world
from yichuang.ledger.models import AuditRecord
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory
from yichuang.people.tests.factories import LicenceFactory
from yichuang.portal.models import Upload
from yichuang.portal.services import applications
from yichuang.portal.tests.factories import PDF, PNG, citizen, with_id_card
from yichuang.workbench.tests.test_pages import case_url, logged_in, new_case

pytestmark = pytest.mark.django_db


def online_case_with_upload(world, data=PNG, name="户口簿首页.png"):
    """An application from the hall: 户口簿 uploaded, the age answered (86)."""
    account = with_id_card(citizen())  # a complete application: the ID card fetched (issue 15 §4)
    draft = applications.save_draft(account, account.applicant, world.site, item=world.version.item, form_data={})
    applications.add_upload(draft, world.material("户口簿"), SimpleUploadedFile(name, data))
    (case,) = applications.submit(
        draft, [(world.site, world.version)], {"applicant": {"age": 86}}, applicant_actor(account.user)
    )
    return case, account, Upload.objects.get(case=case)


def upload_url(case, upload):
    return f"/workbench/cases/{case.number}/uploads/{upload.pk}/"


def test_the_case_page_shows_the_forms_answers_with_their_labels():
    world = make_world()
    case, _, _ = online_case_with_upload(world)
    page = logged_in(world.clerk).get(case_url(case)).content.decode()
    assert "申请人年龄(周岁)" in page and "<dd>86</dd>" in page


def test_a_question_the_applicant_left_blank_shows_as_not_answered():
    world = make_world()
    case = new_case(world)
    case.form_data = {}
    case.save(update_fields=["form_data"])
    page = logged_in(world.clerk).get(case_url(case)).content.decode()
    assert "申请人年龄(周岁)</dt><dd>未填写" in page


def test_the_case_page_links_every_upload():
    world = make_world()
    case, _, upload = online_case_with_upload(world)
    page = logged_in(world.clerk).get(case_url(case)).content.decode()
    assert upload_url(case, upload) in page and "户口簿首页.png" in page


def test_an_unowned_online_case_does_not_show_none_as_its_clerk():
    world = make_world()
    case, _, _ = online_case_with_upload(world)
    page = logged_in(world.clerk).get(case_url(case)).content.decode()
    assert "<dd>None</dd>" not in page and "首位预审的受理人员成为首问责任人" in page


def test_a_fetched_licence_shows_with_its_identifier():
    world = make_world()
    case = new_case(world)
    licence = LicenceFactory(holder=world.applicant, licence_type_code="111", licence_type_name="居民身份证")
    CaseMaterial.objects.filter(case=case, material=world.material("居民身份证")).update(
        status=CaseMaterial.Status.FETCHED, licence=licence
    )
    page = logged_in(world.clerk).get(case_url(case)).content.decode()
    assert licence.number in page and "电子证照:居民身份证" in page and licence.issuer_name in page


def test_a_clerk_of_the_case_site_views_an_upload_inline_as_its_checked_type():
    world = make_world()
    case, _, upload = online_case_with_upload(world)
    response = logged_in(world.clerk).get(upload_url(case, upload))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_upload_is_served_as_a_pdf():
    world = make_world()
    case, _, upload = online_case_with_upload(world, data=PDF, name="户口簿.pdf")
    response = logged_in(world.clerk).get(upload_url(case, upload))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


def test_an_upload_of_an_unexpected_type_is_only_offered_as_a_download():
    world = make_world()
    case, _, upload = online_case_with_upload(world)
    Upload.objects.filter(pk=upload.pk).update(content_type="text/html")  # not what intake lets in
    response = logged_in(world.clerk).get(upload_url(case, upload))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_every_view_of_an_upload_is_audited_without_personal_data():
    world = make_world()
    case, account, upload = online_case_with_upload(world)
    logged_in(world.clerk).get(upload_url(case, upload))
    (record,) = AuditRecord.objects.filter(action="case.upload_viewed")
    assert (record.actor, record.object_id, record.data["case"]) == (world.clerk.username, str(upload.pk), case.number)
    written = str(record.data)
    assert account.applicant.name not in written and account.applicant.citizen_id not in written
    assert upload.original_name not in written


def test_staff_of_another_site_get_404_for_an_upload():
    world, elsewhere = make_world(), make_world(basic_code="330000000200")
    case, _, upload = online_case_with_upload(world)
    assert logged_in(elsewhere.clerk).get(upload_url(case, upload)).status_code == 404
    assert not AuditRecord.objects.filter(action="case.upload_viewed").exists()


def test_an_upload_is_not_reachable_through_another_case_number():
    world = make_world()
    case, _, upload = online_case_with_upload(world)
    other = new_case(world)
    assert logged_in(world.clerk).get(upload_url(other, upload)).status_code == 404


def test_the_applicant_cannot_open_the_staff_view_of_their_own_upload():
    world = make_world()
    case, account, upload = online_case_with_upload(world)
    response = logged_in(account.user).get(upload_url(case, upload))
    assert response.status_code in (403, 404)


def test_an_anonymous_visitor_is_sent_to_the_workbench_login():
    world = make_world()
    case, _, upload = online_case_with_upload(world)
    response = Client().get(upload_url(case, upload))
    assert response.status_code == 302 and response["Location"].startswith("/workbench/login/")


def test_an_approver_of_the_case_site_may_view_an_upload():
    world = make_world()
    case, _, upload = online_case_with_upload(world)
    head = StaffRoleFactory(site=world.site, role=StaffRole.Role.HEAD).user
    assert logged_in(world.approver).get(upload_url(case, upload)).status_code == 200
    assert logged_in(head).get(upload_url(case, upload)).status_code == 200
