"""The intake screen (收件) of the workbench (issue 4; R-13, R-16, R-20, R-21, R-22, R-23, R-26).

A clerk finds or registers the applicant by ID number, picks the item by search or life event,
ticks the materials (government-issued ones fetched from the licence store), fills the form,
sees the conditions judged, and finishes with one of the five outcomes."""

import pytest
from django.test import Client

from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.tests.factories import make_world
from yichuang.catalog.tests.guide_factories import bundle
from yichuang.ledger.models import AuditRecord
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
from yichuang.people.models import Applicant
from yichuang.people.tests.factories import LicenceFactory, make_citizen_id

pytestmark = pytest.mark.django_db
NEW_ID = make_citizen_id(424242)


@pytest.fixture
def world():
    return make_world()


def clerk_client(world, number=None):
    client = Client()
    client.force_login(world.clerk)
    if number:
        client.post("/workbench/intake/applicant/", {"kind": "natural", "number": number})
    return client


def item_url(world):
    return f"/workbench/intake/?item={world.version.item.basic_code}"


def materials(world, **statuses):
    """POST data for the checklist: every material received unless named (by its pk)."""
    data = {}
    for m in world.version.materials.all():
        data[f"m_{m.pk}"] = statuses.get(str(m.pk), CaseMaterial.Status.RECEIVED)
    return data


def finish(client, world, outcome, **extra):
    data = {"outcome": outcome, "fd_applicant__age": "85", **materials(world), **extra}
    return client.post(item_url(world), data)


def test_anonymous_is_sent_to_the_login_page():
    response = Client().get("/workbench/intake/")
    assert response.status_code == 302 and response["Location"].startswith("/workbench/login/")


def test_an_approver_without_a_window_role_cannot_receive(world):
    client = Client()
    client.force_login(world.approver)
    assert client.get("/workbench/intake/").status_code == 403


def test_the_id_number_is_kept_out_of_the_url(world):
    response = clerk_client(world).post("/workbench/intake/applicant/", {"kind": "natural", "number": NEW_ID})
    assert response.status_code == 302 and NEW_ID not in response["Location"]


def test_a_registered_applicant_is_found_and_shown_masked(world):
    page = clerk_client(world, world.applicant.citizen_id).get("/workbench/intake/").content.decode()
    assert world.applicant.name in page and world.applicant.masked_number in page
    assert world.applicant.citizen_id not in page


def test_an_invalid_id_number_is_explained(world):
    page = clerk_client(world, "330999194001010000").get("/workbench/intake/").content.decode()
    assert "公民身份号码无效" in page


def test_search_lists_the_sites_matching_items(world):
    page = clerk_client(world).get("/workbench/intake/", {"q": world.version.name[:4]}).content.decode()
    assert f"item={world.version.item.basic_code}" in page


def test_a_life_event_lists_its_items(world):
    bundle("B001", "老年人福利一件事", [world.version.item])
    page = clerk_client(world).get("/workbench/intake/", {"bundle": "B001"}).content.decode()
    assert "老年人福利一件事" in page and f"item={world.version.item.basic_code}" in page


def test_a_government_issued_material_in_the_licence_store_shows_as_fetched(world):
    licence = LicenceFactory(holder=world.applicant, licence_type_code="111")
    page = clerk_client(world, world.applicant.citizen_id).get(item_url(world)).content.decode()
    assert "已调取(电子证照)" in page and licence.number in page


def test_checking_the_conditions_shows_each_sentence_and_writes_nothing(world):
    client = clerk_client(world, world.applicant.citizen_id)
    response = client.post(
        item_url(world), {"check": "1", "outcome": "accept", "fd_applicant__age": "70", **materials(world)}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "✗ 不符合" in page and "申请人年满80周岁" in page
    assert not Case.objects.exists()


def test_accepting_registers_the_new_applicant_and_starts_the_clock(world):
    client = clerk_client(world, NEW_ID)
    response = finish(client, world, "accept", name="李四", phone="13800001111")
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/workbench/cases/{case.number}/"
    assert (case.state, case.applicant.name, case.channel) == ("accepted", "李四", "window")
    assert case.due_date is not None and case.form_data == {"applicant": {"age": 85}}


def test_a_new_applicant_without_a_name_is_asked_for_it(world):
    response = finish(clerk_client(world, NEW_ID), world, "accept")
    assert response.status_code == 400 and "首次登记的申请人须填写姓名或名称" in response.content.decode()
    assert not Applicant.objects.filter(citizen_id=NEW_ID).exists()


def test_an_instant_item_is_decided_on_the_spot():
    world = make_world(instant=True)
    finish(clerk_client(world, world.applicant.citizen_id), world, "instant", opinion="符合条件,当场办结")
    case = Case.objects.get()
    assert (case.state, case.decision) == ("decided", "granted")


def test_a_missing_material_goes_on_one_notice_with_its_reason(world):
    household = world.material("户口簿")
    client = clerk_client(world, world.applicant.citizen_id)
    finish(
        client,
        world,
        "request_supplement",
        **{f"m_{household.pk}": "missing", f"note_{household.pk}": "未带户口簿原件"},
    )
    case = Case.objects.get()
    notice = case.supplement_notices.get()
    assert case.state == "awaiting_supplement"
    assert [(line.material_id, line.reason) for line in notice.lines.all()] == [(household.pk, "未带户口簿原件")]


def test_accepting_with_a_missing_material_is_refused_and_nothing_is_written(world):
    household = world.material("户口簿")
    response = finish(clerk_client(world, NEW_ID), world, "accept", name="李四", **{f"m_{household.pk}": "missing"})
    assert response.status_code == 400 and "材料不齐" in response.content.decode()
    assert not Case.objects.exists() and not Applicant.objects.filter(citizen_id=NEW_ID).exists()
    assert not AuditRecord.objects.filter(stream__startswith="case:").exists()


def test_a_deferred_material_needs_its_promised_date(world):
    household = world.material("户口簿")
    response = finish(
        clerk_client(world, world.applicant.citizen_id), world, "accept", **{f"m_{household.pk}": "deferred"}
    )
    assert response.status_code == 400 and "须填写承诺补交日期" in response.content.decode()


def test_a_deferred_material_with_a_date_is_accepted_as_rongque(world):
    household = world.material("户口簿")
    finish(
        clerk_client(world, world.applicant.citizen_id),
        world,
        "accept",
        **{f"m_{household.pk}": "deferred", f"promised_{household.pk}": "2026-06-30"},
    )
    row = Case.objects.get().materials.get(material=household)
    assert (row.status, str(row.promised_by)) == ("deferred", "2026-06-30")


def test_refusing_intake_needs_reason_and_basis(world):
    response = finish(clerk_client(world, world.applicant.citizen_id), world, "refuse", reason="不属于受理范围")
    assert response.status_code == 400 and "不予受理须写明理由和法律依据" in response.content.decode()
    assert not Case.objects.exists()


def test_refusing_intake_with_reason_and_basis_ends_the_case(world):
    finish(
        clerk_client(world, world.applicant.citizen_id),
        world,
        "refuse",
        reason="不属于受理范围",
        basis="《行政许可法》第三十二条",
    )
    case = Case.objects.get()
    assert (case.state, case.decision_basis) == ("terminated", "《行政许可法》第三十二条")


def test_escalating_forwards_to_the_county_with_the_clerk_tracking_it(world):
    finish(clerk_client(world, world.applicant.citizen_id), world, "escalate")
    case = Case.objects.select_related("escalation").get()
    assert case.state == "escalated" and case.escalation.to_site == world.site.parent
    assert case.escalation.tracker == world.clerk


def test_an_item_not_offered_at_the_site_is_explained(world):
    page = clerk_client(world).get("/workbench/intake/", {"item": "NO-SUCH-ITEM"}).content.decode()
    assert "事项编码不存在" in page


def test_a_clerk_of_another_site_cannot_receive_at_this_site(world):
    stranger = StaffRoleFactory(role=StaffRole.Role.CLERK, user=UserFactory()).user
    client = Client()
    client.force_login(stranger)
    page = client.get("/workbench/intake/", {"site": world.site.code}).content.decode()
    assert world.site.name not in page


def test_the_finish_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk)
    session = client.session
    session["workbench_intake"] = {"kind": "natural", "number": world.applicant.citizen_id}
    session.save()
    response = client.post(item_url(world), {"outcome": "accept", **materials(world)})
    assert response.status_code == 403 and not Case.objects.exists()
