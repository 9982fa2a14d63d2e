"""The cases REST API (issue 3 §9): intake, reads, who may see what, and the action endpoints."""

import datetime as dt
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.cases.steps import ACTS
from yichuang.cases.tests.factories import make_world
from yichuang.catalog import services as catalog
from yichuang.catalog.models.choices import TongbanScope
from yichuang.org.models import StaffRole, User
from yichuang.org.tests.factories import DepartmentFactory, StaffRoleFactory, TownshipSiteFactory, UserFactory
from yichuang.people.models import Applicant
from yichuang.people.tests.factories import make_citizen_id

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"


# ---------------------------------------------------------------- helpers (the other API tests use them too)


def client_for(user) -> Client:
    client = Client()
    # From the database: UserFactory sets a password it does not save, and a session made from the
    # in-memory hash would not match the stored one on the next request.
    client.force_login(User.objects.get(pk=user.pk))
    return client


def post(client, path, body=None, key: str | None = "new", raw: str | None = None):
    """POST JSON with a fresh Idempotency-Key unless a key (or None for no header) is given."""
    headers = {} if key is None else {"Idempotency-Key": uuid.uuid4().hex if key == "new" else key}
    data = raw if raw is not None else json.dumps(body if body is not None else {})
    return client.post(path, data=data, content_type="application/json", headers=headers)


def intake_body(world, **overrides) -> dict:
    body = {
        "site": world.site.code,
        "item": world.version.item.basic_code,
        "applicant": {"id": world.applicant.pk},
        "materials": {str(m.pk): {"status": "received"} for m in world.version.materials.all()},
        "form_data": {"applicant": {"age": 85}},
    }
    return {**body, **overrides}


def intake(world, client=None, **overrides) -> dict:
    response = post(client or client_for(world.clerk), CASES, intake_body(world, **overrides))
    assert response.status_code == 201, response.json()
    return response.json()


def staff(site, role, **kw):
    return StaffRoleFactory(site=site, role=role, user=UserFactory(), **kw).user


def act(client, number, action, body=None):
    return post(client, f"{CASES}{number}/{action}/", body)


def assert_ok(response):
    assert response.status_code == 200, response.json()
    return response.json()


def view_after(client, response) -> dict:
    """The full view of the case an action answered for (the answer names it in `detail`)."""
    return assert_ok(client.get(assert_ok(response)["detail"]))


@pytest.fixture
def world():
    return make_world()


# ---------------------------------------------------------------- intake


def test_intake_creates_a_case_in_prereview_owned_by_the_clerk(world):
    case = intake(world)
    assert (case["state"], case["owner"]) == ("prereview", world.clerk.username)
    assert Case.objects.get(number=case["number"]).owner == world.clerk
    assert [r["passed"] for r in case["rule_results"]] == [True]


def test_intake_uses_the_version_on_the_sites_list_and_reports_every_material(world):
    case = intake(world, materials={})
    assert case["item"]["version_id"] == world.version.pk
    assert {m["name"]: m["status"] for m in case["materials"]} == {"居民身份证": "missing", "户口簿": "missing"}


def test_intake_after_a_new_version_is_published_uses_the_new_version(world):
    intake(world)  # the first version is now cached in this process
    new = catalog.publish(catalog.revise(world.version.item))
    case = intake(world, materials={str(m.pk): {"status": "received"} for m in new.materials.all()})
    assert (case["item"]["version_id"], case["item"]["version"]) == (new.pk, 2)


def test_intake_of_a_retired_item_is_refused(world):
    intake(world)
    catalog.retire(world.version)
    response = post(client_for(world.clerk), CASES, intake_body(world))
    assert (response.status_code, response.json()["code"]) == (400, "unknown_item")


def test_intake_registers_an_inline_applicant_once_by_id_number(world):
    person = {"kind": "natural", "number": make_citizen_id(4242), "name": "李四", "phone": "13912345678"}
    first = intake(world, applicant=person)
    second = intake(world, applicant={**person, "name": ""})
    assert first["applicant"]["id"] == second["applicant"]["id"]
    assert Applicant.objects.filter(citizen_id=person["number"]).count() == 1


def test_intake_answers_masked_personal_numbers_only(world):
    person = {"kind": "natural", "number": make_citizen_id(4243), "name": "李四", "phone": "13912345678"}
    response = post(client_for(world.clerk), CASES, intake_body(world, applicant=person))
    assert person["number"] not in response.content.decode() and "13912345678" not in response.content.decode()
    assert response.json()["applicant"]["masked_phone"] == "139****5678"


def test_an_invalid_citizen_id_is_a_structured_error_on_its_field(world):
    person = {"kind": "natural", "number": "110105194912310021", "name": "李四"}
    response = post(client_for(world.clerk), CASES, intake_body(world, applicant=person))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_citizen_id"
    assert response.json()["errors"][0]["field"] == "citizen_id"


def test_a_material_of_another_item_is_refused_by_its_id(world):
    body = intake_body(world)
    body["materials"]["999999"] = {"status": "received"}
    response = post(client_for(world.clerk), CASES, body)
    assert response.status_code == 400
    assert {(e["code"], e["field"]) for e in response.json()["errors"]} == {("unknown_material", "materials.999999")}
    assert Case.objects.count() == 0


def test_an_unknown_site_or_item_is_named_in_the_error(world):
    response = post(client_for(world.clerk), CASES, intake_body(world, site="000000000000", item="nope"))
    assert (response.status_code, response.json()["code"]) == (400, "unknown_site")
    response = post(client_for(world.clerk), CASES, intake_body(world, item="nope"))
    assert (response.status_code, response.json()["code"]) == (400, "unknown_item")


def test_an_approver_cannot_receive_at_the_window(world):
    response = post(client_for(world.approver), CASES, intake_body(world))
    assert (response.status_code, response.json()["code"]) == (403, "role_not_allowed")


def test_applicants_endpoint_finds_or_creates_and_answers_masked(world):
    client, number = client_for(world.clerk), make_citizen_id(777)
    first = post(client, "/api/v1/applicants/", {"kind": "natural", "number": number, "name": "王五"})
    again = post(client, "/api/v1/applicants/", {"kind": "natural", "number": number.lower()})
    assert first.status_code == again.status_code == 200
    assert first.json()["id"] == again.json()["id"] and number not in first.content.decode()
    assert first.json()["masked_number"] == number[:6] + "********" + number[-4:]


# ---------------------------------------------------------------- who sees what


def test_the_list_shows_the_cases_of_the_users_sites_with_masked_numbers(world):
    number = intake(world)["number"]
    rows = client_for(world.approver).get(CASES).json()
    assert [r["number"] for r in rows["results"]] == [number] and rows["count"] == 1
    assert world.applicant.citizen_id not in json.dumps(rows, ensure_ascii=False)
    assert rows["results"][0]["applicant"]["masked_number"] == world.applicant.masked_number


def test_staff_of_another_site_see_no_case_of_this_one(world):
    intake(world)
    stranger = staff(TownshipSiteFactory(), StaffRole.Role.CLERK)
    assert client_for(stranger).get(CASES).json()["count"] == 0


def test_a_user_of_another_site_gets_404_for_reading_and_for_acting(world):
    number = intake(world)["number"]
    stranger = client_for(staff(TownshipSiteFactory(), StaffRole.Role.CLERK))
    assert stranger.get(f"{CASES}{number}/").status_code == 404
    response = act(stranger, number, "accept")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert Case.objects.get(number=number).state == "prereview"


def test_the_home_site_sees_a_tongban_case_accepted_elsewhere():
    world = make_world(tongban_scope=TongbanScope.COUNTY)
    elsewhere = TownshipSiteFactory(parent=world.site.parent)
    clerk = staff(elsewhere, StaffRole.Role.CLERK)
    number = intake(world, client_for(clerk), site=elsewhere.code)["number"]
    assert client_for(world.approver).get(f"{CASES}{number}/").json()["home_site"]["code"] == world.site.code


def test_anonymous_callers_get_a_structured_refusal(world):
    response = Client().get(CASES)
    assert response.status_code in (401, 403) and response.json()["code"] == "not_authenticated"
    assert post(Client(), CASES, intake_body(world)).status_code in (401, 403)


def test_a_session_write_without_the_csrf_token_is_refused(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(User.objects.get(pk=world.clerk.pk))
    response = post(browser, CASES, intake_body(world))
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert Case.objects.count() == 0


def test_a_user_without_any_staff_role_is_refused(world):
    response = client_for(UserFactory()).get(CASES)
    assert (response.status_code, response.json()["code"]) == (403, "not_staff")


def test_the_list_filters_by_state_and_refuses_an_unknown_state(world):
    number = intake(world)["number"]
    client = client_for(world.clerk)
    assert [r["number"] for r in client.get(CASES, {"state": "prereview"}).json()["results"]] == [number]
    assert client.get(CASES, {"state": "accepted"}).json()["count"] == 0
    response = client.get(CASES, {"state": "bogus"})
    assert (response.status_code, response.json()["errors"][0]["field"]) == (400, "state")


def test_the_queue_holds_what_waits_for_this_user(world):
    number = intake(world)["number"]
    assert client_for(world.clerk).get(CASES, {"queue": "true"}).json()["count"] == 1
    assert client_for(world.approver).get(CASES, {"queue": "true"}).json()["count"] == 0
    act(client_for(world.clerk), number, "accept")
    assert [r["number"] for r in client_for(world.approver).get(CASES, {"queue": "1"}).json()["results"]] == [number]


def test_the_detail_offers_only_the_actions_this_user_may_take(world):
    number = intake(world)["number"]
    offered = {a["action"] for a in client_for(world.clerk).get(f"{CASES}{number}/").json()["actions"]}
    assert offered == {"accept", "request_supplement", "refuse_intake", "withdraw"}
    assert client_for(world.approver).get(f"{CASES}{number}/").json()["actions"] == []


# ---------------------------------------------------------------- actions: every endpoint, along the five kinds


def test_a_promised_case_walks_supplement_review_special_extension_and_delivery(world):
    clerk, approver = client_for(world.clerk), client_for(world.approver)
    head = client_for(staff(world.site, StaffRole.Role.HEAD))
    hukou = world.material("户口簿").pk
    number = intake(world, materials={str(world.material("居民身份证").pk): {"status": "received"}})["number"]
    case = view_after(clerk, act(clerk, number, "request-supplement", {"lines": {str(hukou): "未提供户口簿"}}))
    assert case["state"] == "awaiting_supplement" and case["supplement_notices"][0]["lines"][0]["name"] == "户口簿"
    assert_ok(act(clerk, number, "supplement", {"received": [hukou]}))
    assert assert_ok(act(clerk, number, "accept"))["due_date"] is not None
    assert_ok(act(approver, number, "start-review"))
    special = view_after(
        approver, act(approver, number, "start-special", {"kind": "site_inspection", "reason": "勘验"})
    )
    assert special["clock"]["stopped"] and special["suspensions"][0]["procedure"] == "site_inspection"
    assert_ok(act(approver, number, "end-special", {"result": "符合"}))
    assert assert_ok(act(head, number, "extend", {"days": 2, "reason": "补充调查"}))["extended_days"] == 2
    assert assert_ok(act(approver, number, "approve", {"opinion": "同意"}))["decision"] == "granted"
    assert_ok(act(clerk, number, "prepare-delivery"))
    case = view_after(clerk, act(clerk, number, "deliver", {"method": "post", "tracking_number": "SF1"}))
    assert (case["state"], case["delivery"]["tracking_number"]) == ("completed", "SF1")


def test_an_instant_case_is_decided_at_the_window():
    world = make_world(basic_code="330000000101", instant=True)
    clerk = client_for(world.clerk)
    number = intake(world, clerk)["number"]
    assert_ok(act(clerk, number, "accept"))
    assert assert_ok(act(clerk, number, "decide-instantly", {"opinion": "当场办结"}))["state"] == "decided"


def test_a_deferred_material_is_supplied_through_the_api(world):
    clerk, hukou = client_for(world.clerk), world.material("户口簿").pk
    in_a_week = (timezone.localdate() + dt.timedelta(days=7)).isoformat()  # after today, within the limit
    number = intake(
        world,
        materials={
            str(world.material("居民身份证").pk): {"status": "received"},
            str(hukou): {"status": "deferred", "promised_by": in_a_week},
        },
    )["number"]
    assert_ok(act(clerk, number, "accept"))
    case = view_after(clerk, act(clerk, number, "supply-deferred", {"material_ids": [hukou]}))
    assert {m["name"]: m["status"] for m in case["materials"]}["户口簿"] == "received"


def test_a_joint_case_is_dispatched_and_answered_by_each_department(world):
    other = DepartmentFactory(site=world.site)
    other_approver = client_for(staff(world.site, StaffRole.Role.APPROVER, department=other))
    clerk = client_for(world.clerk)
    number = intake(world)["number"]
    assert_ok(act(clerk, number, "accept"))
    tasks = view_after(
        clerk, act(clerk, number, "dispatch-joint", {"departments": [world.version.department.pk, other.pk]})
    )
    first, second = tasks["joint_tasks"]
    assert_ok(act(client_for(world.approver), number, "answer-joint-task", {"task": first["id"], "granted": True}))
    case = assert_ok(
        act(
            other_approver,
            number,
            "answer-joint-task",
            {"task": second["id"], "granted": False, "opinion": "选址不符合规划"},
        )
    )
    assert (case["state"], case["decision"]) == ("decided", "denied")


def test_an_escalated_case_syncs_the_county_decision_back(world):
    clerk = client_for(world.clerk)
    number = intake(world)["number"]
    assert_ok(act(clerk, number, "accept"))
    case = view_after(
        clerk, act(clerk, number, "escalate", {"to_site": world.site.parent.code, "tracker": world.clerk.username})
    )
    assert case["escalation"]["tracker"] == world.clerk.username
    case = view_after(clerk, act(clerk, number, "record-escalation-progress", {"status_note": "县局已受理"}))
    assert (case["state"], case["escalation"]["status_note"]) == ("escalated", "县局已受理")
    case = view_after(
        clerk, act(clerk, number, "record-escalation-result", {"status_note": "县局已批准", "decision": "granted"})
    )
    assert (case["state"], case["escalation"]["status_note"]) == ("decided", "县局已批准")


def test_refusal_denial_withdrawal_and_termination_are_reachable(world):
    clerk, approver = client_for(world.clerk), client_for(world.approver)
    head = client_for(staff(world.site, StaffRole.Role.HEAD))
    refused, denied, withdrawn, terminated = (intake(world)["number"] for _ in range(4))
    basis = {"reason": "不符合条件", "basis": "《行政许可法》第三十八条"}
    assert assert_ok(act(clerk, refused, "refuse-intake", basis))["state"] == "terminated"
    assert_ok(act(clerk, denied, "accept"))
    assert_ok(act(approver, denied, "start-review"))
    assert assert_ok(act(approver, denied, "deny", basis))["decision"] == "denied"
    assert assert_ok(act(clerk, withdrawn, "withdraw", {"reason": "申请人撤回"}))["state"] == "withdrawn"
    assert assert_ok(act(head, terminated, "terminate", basis))["state"] == "terminated"


def test_a_forbidden_transition_is_refused_with_the_tables_error(world):
    number = intake(world)["number"]
    response = act(client_for(world.clerk), number, "deliver", {"method": "window"})
    assert (response.status_code, response.json()["code"]) == (400, "transition_not_allowed")


def test_the_wrong_role_is_refused_with_403(world):
    number = intake(world)["number"]
    response = act(client_for(world.approver), number, "accept")
    assert (response.status_code, response.json()["code"]) == (403, "role_not_allowed")


def test_every_action_has_a_route_that_answers_404_for_an_unknown_case(world):
    client = client_for(world.clerk)
    for act_ in ACTS.values():
        response = post(client, f"{CASES}NO-SUCH-CASE/{act_.slug}/", {})
        assert response.status_code == 404, act_.slug


def test_the_intake_answer_shows_the_materials_as_stored():
    # The answer is built from the rows intake wrote (no re-read): it must match a fresh read.
    world = make_world()
    client = client_for(world.clerk)
    materials = list(world.version.materials.all())
    answer = intake(world, client, materials={str(materials[0].pk): {"status": "received", "note": "原件"}})
    stored = client.get(f"{CASES}{answer['number']}/").json()
    assert answer["materials"] == stored["materials"]
    assert len(answer["materials"]) >= 1


def test_an_action_answers_the_case_as_the_step_left_it_and_names_the_full_view(world):
    # Issue 14 §5: the answer is read from the locked row, not re-read; it must match a fresh read.
    clerk = client_for(world.clerk)
    number = intake(world)["number"]
    response = act(clerk, number, "accept")
    answer = assert_ok(response)
    assert response["Location"] == answer["detail"] == f"{CASES}{number}/"
    full = assert_ok(clerk.get(answer["detail"]))
    assert (answer["step"], answer["state"], answer["due_date"]) == ("accept", "accepted", full["due_date"])
    shared = set(answer) - {"step", "detail"}
    assert {k: answer[k] for k in shared} == {k: full[k] for k in shared}
