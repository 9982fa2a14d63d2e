"""The cases API under the security test of issue 13: who may look applicants up and change
their contact data, strict string fields, and the bounds on channel, dates and departments."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from yichuang.cases.models import Case, JointTask
from yichuang.cases.tests.factories import make_world
from yichuang.cases.tests.test_api import CASES, act, client_for, intake, intake_body, post, staff
from yichuang.ledger.models import AuditRecord
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import DepartmentFactory, TownshipSiteFactory
from yichuang.people.models import Applicant
from yichuang.people.tests.factories import ApplicantFactory, make_citizen_id

pytestmark = pytest.mark.django_db
APPLICANTS = "/api/v1/applicants/"


@pytest.fixture
def world():
    return make_world()


def applicant_audit(applicant):
    return list(AuditRecord.objects.filter(stream=f"applicant:{applicant.pk}").values_list("action", "data"))


def known_person():
    return ApplicantFactory(citizen_id=make_citizen_id(5150), name="赵六", phone="13900001111", address="清溪镇1号")


# ---------------------------------------------------------------- 3. applicants: intake staff, reasons, no name lookup


@pytest.mark.parametrize("role", [StaffRole.Role.APPROVER, StaffRole.Role.HEAD, StaffRole.Role.SUPERVISOR])
def test_only_intake_staff_may_find_or_register_applicants(world, role):
    person = known_person()
    response = post(
        client_for(staff(world.site, role)),
        APPLICANTS,
        {"kind": "natural", "number": person.citizen_id, "phone": "13700002222", "reason": "x"},
    )
    assert (response.status_code, response.json()["code"]) == (403, "role_not_allowed")
    assert "赵六" not in response.content.decode()
    person.refresh_from_db()
    assert person.phone == "13900001111" and applicant_audit(person) == []


def test_changing_a_registered_applicants_contact_data_needs_a_reason(world):
    person = known_person()
    response = post(
        client_for(world.clerk), APPLICANTS, {"kind": "natural", "number": person.citizen_id, "phone": "13700002222"}
    )
    assert (response.status_code, response.json()["code"]) == (400, "reason_required")
    assert response.json()["errors"][0]["field"] == "reason"
    person.refresh_from_db()
    assert person.phone == "13900001111" and applicant_audit(person) == []


def test_a_reasoned_contact_change_is_audited_with_its_reason(world):
    person = known_person()
    response = post(
        client_for(world.clerk),
        APPLICANTS,
        {"kind": "natural", "number": person.citizen_id, "address": "清溪镇2号", "reason": "申请人已搬家"},
    )
    assert response.status_code == 200, response.json()
    person.refresh_from_db()
    assert person.address == "清溪镇2号"
    assert applicant_audit(person) == [("applicant.updated", {"fields": ["address"], "reason": "申请人已搬家"})]


def test_resending_the_registered_contact_data_needs_no_reason(world):
    person = known_person()
    response = post(
        client_for(world.clerk),
        APPLICANTS,
        {"kind": "natural", "number": person.citizen_id, "name": "赵六", "phone": "139 0000 1111"},
    )
    assert response.status_code == 200, response.json()
    assert applicant_audit(person) == []


def test_the_applicants_endpoint_does_not_tell_the_name_for_an_id_number(world):
    person = known_person()
    response = post(client_for(world.clerk), APPLICANTS, {"kind": "natural", "number": person.citizen_id})
    assert response.status_code == 200
    assert response.json()["id"] == person.pk and response.json()["name"] is None
    assert "赵六" not in response.content.decode()


def test_an_api_intake_changing_an_inline_applicants_contact_data_needs_a_reason(world):
    person = known_person()
    response = post(
        client_for(world.clerk),
        CASES,
        intake_body(world, applicant={"kind": "natural", "number": person.citizen_id, "phone": "13700002222"}),
    )
    assert (response.status_code, response.json()["code"]) == (400, "reason_required")
    assert Applicant.objects.get(pk=person.pk).phone == "13900001111" and not Case.objects.exists()


@pytest.mark.parametrize("raw", ["12", "true", '["x"]'], ids=["number", "bool", "list"])
def test_a_string_field_refuses_any_other_json_value(world, raw):
    number = make_citizen_id(5151)
    body = '{"kind": "natural", "number": "%s", "name": %s}' % (number, raw)
    response = post(client_for(world.clerk), APPLICANTS, raw=body)
    assert response.status_code == 400
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {("name", "not_a_string")}
    assert not Applicant.objects.filter(citizen_id=number).exists()


def test_an_infinite_number_is_refused_before_any_field_is_read(world):
    number = make_citizen_id(5152)
    body = '{"kind": "natural", "number": "%s", "name": 1e400}' % number
    response = post(client_for(world.clerk), APPLICANTS, raw=body)
    assert response.status_code == 400 and "有限值" in response.json()["message"]
    assert not Applicant.objects.filter(citizen_id=number).exists()


def test_an_action_reason_refuses_a_number(world):
    number = intake(world)["number"]
    response = post(
        client_for(world.clerk), f"{CASES}{number}/refuse-intake/", raw=json.dumps({"reason": 1, "basis": True})
    )
    assert response.status_code == 400
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {
        ("reason", "not_a_string"),
        ("basis", "not_a_string"),
    }
    assert Case.objects.get(number=number).state == "prereview"


# ---------------------------------------------------------------- 4. sanity bounds


def test_an_api_intake_cannot_claim_the_online_channel(world):
    response = post(client_for(world.clerk), CASES, intake_body(world, channel="online"))
    assert response.status_code == 400
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {("channel", "invalid_choice")}
    assert not Case.objects.exists()


@pytest.mark.parametrize("promised", ["0001-01-01", "9999-12-31"])
def test_an_api_intake_refuses_an_absurd_promise_date(world, promised):
    hukou = world.material("户口簿")
    body = intake_body(world)
    body["materials"][str(hukou.pk)] = {"status": "deferred", "promised_by": promised}
    response = post(client_for(world.clerk), CASES, body)
    assert (response.status_code, response.json()["code"]) == (400, "promise_out_of_range")
    assert response.json()["errors"][0]["field"] == f"materials.{hukou.pk}" and not Case.objects.exists()


def test_an_api_intake_takes_a_promise_within_the_statutory_limit(world):
    hukou = world.material("户口簿")
    promised = timezone.localdate() + dt.timedelta(days=7)
    body = intake_body(world)
    body["materials"][str(hukou.pk)] = {"status": "deferred", "promised_by": promised.isoformat()}
    case = intake(world, materials=body["materials"])
    assert Case.objects.get(number=case["number"]).materials.get(material=hukou).promised_by == promised


def test_dispatch_joint_over_the_api_refuses_another_sites_department(world):
    far = DepartmentFactory(site=TownshipSiteFactory(parent=world.site.parent))
    number = intake(world)["number"]
    clerk = client_for(world.clerk)
    assert act(clerk, number, "accept").status_code == 200
    response = act(clerk, number, "dispatch-joint", {"departments": [world.version.department.pk, far.pk]})
    assert (response.status_code, response.json()["code"]) == (400, "department_not_reachable")
    assert Case.objects.get(number=number).state == "accepted" and not JointTask.objects.exists()


def test_request_supplement_over_the_api_refuses_another_departments_approver(world):
    outsider = staff(world.site, StaffRole.Role.APPROVER, department=DepartmentFactory(site=world.site))
    number = intake(world)["number"]
    assert act(client_for(world.clerk), number, "accept").status_code == 200
    assert act(client_for(world.approver), number, "start-review").status_code == 200
    response = act(
        client_for(outsider),
        number,
        "request-supplement",
        {"lines": {str(world.material("户口簿").pk): "复印件不清晰"}},
    )
    assert (response.status_code, response.json()["code"]) == (403, "role_not_allowed")
    assert Case.objects.get(number=number).state == "in_review"
