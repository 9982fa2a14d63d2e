"""Workbench queues and tasks beyond the first slice (issue 4): AB岗 cover (R-55), joint tasks
answered by each department (联办, R-21), 容缺后补 receipts (R-23), and 帮办代办 — a village
helper starts a case with the applicant's mandate and the township centre continues it (R-28)."""

import datetime as dt

import pytest
from django.test import Client

from yichuang.cases import services
from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.catalog import services as catalog
from yichuang.catalog.tests.guide_factories import village
from yichuang.org.models import Post, StaffRole
from yichuang.org.tests.factories import (
    DepartmentFactory,
    LeaveFactory,
    PostFactory,
    StaffRoleFactory,
    UserFactory,
    WindowFactory,
)
from yichuang.people.models import Authorisation
from yichuang.people.tests.factories import make_helper

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def new_case(world, deferred=False, clerk=None):
    household = world.material("户口簿")
    materials = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()}
    if deferred:
        materials[household.pk] = MaterialInput(CaseMaterial.Status.DEFERRED, promised_by=dt.date(2026, 6, 30))
    return services.receive(
        site=world.site,
        clerk=clerk or world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials=materials,
        form_data={"applicant": {"age": 85}},
    )


# ---- AB岗


def ab_posts(world):
    b = StaffRoleFactory(site=world.site, role=StaffRole.Role.CLERK, user=UserFactory()).user
    window = WindowFactory(site=world.site)
    PostFactory(window=window, position=Post.Position.A, staff=world.clerk)
    PostFactory(window=window, position=Post.Position.B, staff=b)
    return b


def test_while_a_is_on_leave_b_sees_as_window_queue(world):
    b = ab_posts(world)
    case = new_case(world)
    LeaveFactory(
        staff=world.clerk,
        starts_at=dt.datetime(2026, 6, 14, 8, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 6, 16, 8, tzinfo=dt.UTC),
    )
    page = logged_in(b).get("/workbench/").content.decode()
    assert "由您顶岗" in page and case.number in page


def test_while_a_is_present_b_sees_no_cover_queue(world):
    b = ab_posts(world)
    new_case(world)
    assert "由您顶岗" not in logged_in(b).get("/workbench/").content.decode()


# ---- 联办


def joint_case(world):
    other = DepartmentFactory(site=world.site)
    other_approver = StaffRoleFactory(
        site=world.site, role=StaffRole.Role.APPROVER, department=other, user=UserFactory()
    ).user
    case = services.accept(new_case(world), world.clerk)
    services.dispatch_joint(case, world.clerk, [world.version.department, other])
    return case, other_approver


def test_a_departments_approver_finds_the_joint_task_in_the_queue(world):
    case, other_approver = joint_case(world)
    page = logged_in(other_approver).get("/workbench/").content.decode()
    assert "联办任务" in page and case.number in page


def test_each_department_answers_and_the_last_answer_decides(world):
    case, other_approver = joint_case(world)
    tasks = {t.department_id: t for t in case.joint_tasks.all()}
    mine = tasks[world.version.department_id]
    theirs = tasks[other_approver.staff_roles.get().department_id]
    url = f"/workbench/cases/{case.number}/act/answer_joint_task/"
    answer = {"answer_joint_task-granted": "true"}
    assert logged_in(world.approver).post(url, {**answer, "answer_joint_task-task": mine.pk}).status_code == 302
    logged_in(other_approver).post(url, {**answer, "answer_joint_task-task": theirs.pk})
    case.refresh_from_db()
    assert (case.state, case.decision) == ("decided", "granted")


def test_a_refusal_without_an_opinion_is_explained(world):
    case, other_approver = joint_case(world)
    task = case.joint_tasks.get(department__staff_roles__user=other_approver)
    response = logged_in(other_approver).post(
        f"/workbench/cases/{case.number}/act/answer_joint_task/",
        {"answer_joint_task-task": task.pk, "answer_joint_task-granted": "false"},
    )
    assert response.status_code == 400 and "不同意须写明理由" in response.content.decode()


def test_an_approver_cannot_answer_another_departments_task(world):
    case, other_approver = joint_case(world)
    task = case.joint_tasks.get(department=world.version.department)
    response = logged_in(other_approver).post(
        f"/workbench/cases/{case.number}/act/answer_joint_task/",
        {"answer_joint_task-task": task.pk, "answer_joint_task-granted": "true"},
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == "pending"


# ---- 容缺后补


def test_the_window_records_a_deferred_material_when_it_arrives(world):
    case = services.accept(new_case(world, deferred=True), world.clerk)
    household = world.material("户口簿")
    assert "收取容缺后补材料" in logged_in(world.clerk).get(f"/workbench/cases/{case.number}/").content.decode()
    logged_in(world.clerk).post(
        f"/workbench/cases/{case.number}/act/supply_deferred/", {"supply_deferred-material_ids": [household.pk]}
    )
    assert case.materials.get(material=household).status == "received"


def test_an_approver_is_not_offered_the_deferred_receipt(world):
    case = services.accept(new_case(world, deferred=True), world.clerk)
    assert "收取容缺后补材料" not in logged_in(world.approver).get(f"/workbench/cases/{case.number}/").content.decode()


# ---- 帮办代办


@pytest.fixture
def station(world):
    site = village(world.site)
    catalog.implement_at(site, world.version)
    return site, make_helper(site=site, user=UserFactory())


def helper_intake(world, helper, **extra):
    client = logged_in(helper)
    client.post("/workbench/intake/applicant/", {"kind": "natural", "number": world.applicant.citizen_id})
    data = {f"m_{m.pk}": "received" for m in world.version.materials.all()}
    return client.post(
        f"/workbench/intake/?item={world.version.item.basic_code}",
        {"outcome": "handover", "fd_applicant__age": "88", **data, **extra},
    )


def test_a_helper_starts_a_case_recording_the_applicants_mandate(world, station):
    site, helper = station
    response = helper_intake(world, helper, mandate_evidence="授权委托书 2026-031", mandate_until="2026-09-30")
    case = Case.objects.select_related("authorisation").get()
    assert response.status_code == 302
    assert (case.channel, case.site, case.home_site, case.state) == ("helper", site, world.site, "prereview")
    assert case.authorisation.agent_user == helper
    assert case.authorisation.relationship == Authorisation.Relationship.HELPER


def test_a_helper_case_without_mandate_evidence_is_refused(world, station):
    response = helper_intake(world, station[1], mandate_until="2026-09-30")
    assert response.status_code == 400 and "须登记授权依据" in response.content.decode()
    assert not Case.objects.exists() and not Authorisation.objects.exists()


def test_the_township_clerk_continues_the_helpers_case(world, station):
    helper_intake(world, station[1], mandate_evidence="授权委托书 2026-031", mandate_until="2026-09-30")
    case = Case.objects.get()
    clerk = logged_in(world.clerk)
    assert case.number in clerk.get("/workbench/").content.decode()
    assert clerk.post(f"/workbench/cases/{case.number}/act/accept/").status_code == 302
    case.refresh_from_db()
    assert case.state == "accepted"


def test_the_helper_sees_the_case_in_the_station_queue_but_cannot_accept_it(world, station):
    helper_intake(world, station[1], mandate_evidence="授权委托书 2026-031", mandate_until="2026-09-30")
    case = Case.objects.get()
    helper = logged_in(station[1])
    assert case.number in helper.get("/workbench/").content.decode()
    assert helper.post(f"/workbench/cases/{case.number}/act/accept/").status_code == 403


def test_a_helper_cannot_accept_at_intake(world, station):
    response = helper_intake(
        world, station[1], outcome="accept", mandate_evidence="授权委托书 2026-031", mandate_until="2026-09-30"
    )
    assert response.status_code == 400 and not Case.objects.exists()


def accepted_helper_case(world, station):
    helper_intake(world, station[1], mandate_evidence="授权委托书 2026-031", mandate_until="2026-09-30")
    case = Case.objects.get()
    assert logged_in(world.clerk).post(f"/workbench/cases/{case.number}/act/accept/").status_code == 302
    return case


def test_the_township_escalates_a_helpers_case_to_its_county(world, station):
    case = accepted_helper_case(world, station)
    response = logged_in(world.clerk).post(f"/workbench/cases/{case.number}/act/escalate/")
    assert response.status_code == 302, response.content.decode()[:300]
    case.refresh_from_db()
    assert case.state == "escalated" and case.escalation.to_site == world.site.parent


def test_the_township_sends_a_helpers_case_to_its_own_departments_jointly(world, station):
    case = accepted_helper_case(world, station)
    first, other = (
        DepartmentFactory(site=world.site, name="农业农村办"),
        DepartmentFactory(site=world.site, name="自然资源所"),
    )
    page = logged_in(world.clerk).get(f"/workbench/cases/{case.number}/").content.decode()
    assert "自然资源所" in page  # the township's departments are offered, not the village's
    response = logged_in(world.clerk).post(
        f"/workbench/cases/{case.number}/act/dispatch_joint/", {"dispatch_joint-departments": [first.pk, other.pk]}
    )
    assert response.status_code == 302
    assert set(case.joint_tasks.values_list("department__site", flat=True)) == {world.site.pk}
