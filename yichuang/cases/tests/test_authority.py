"""Who may act on a case, and when (issue 13): the 联办 rule holds, every action checks the
actor's department, site and role, and inputs that move dates or reach other sites are bounded.
A refused action changes nothing and writes no audit record."""

import datetime as dt

import pytest
from django.utils import timezone

from yichuang.cases import selectors, services
from yichuang.cases.models import Case, CaseMaterial, ClockSuspension, JointTask
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.cases.workflow import Action
from yichuang.catalog.models.choices import TongbanScope
from yichuang.common.errors import DomainError, NotAllowed
from yichuang.ledger.models import AuditRecord
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import (
    CountyRegionFactory,
    CountySiteFactory,
    DepartmentFactory,
    StaffRoleFactory,
    TownshipSiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
RECEIVED = CaseMaterial.Status.RECEIVED


@pytest.fixture
def world():
    return make_world()


def staff(site, role, **kw):
    return StaffRoleFactory(site=site, role=role, user=UserFactory(), **kw).user


def new_case(world, site=None, clerk=None, materials=None):
    given = materials or {m.pk: MaterialInput(RECEIVED) for m in world.version.materials.all()}
    return services.receive(
        site=site or world.site,
        clerk=clerk or world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials=given,
        form_data={"applicant": {"age": 85}},
    )


def audit_count(case) -> int:
    return AuditRecord.objects.filter(stream=case.audit_stream).count()


def joint_case(world):
    """A 联办件 in review with two departments' tasks pending; the second department's approver."""
    other = DepartmentFactory(site=world.site)
    other_approver = staff(world.site, StaffRole.Role.APPROVER, department=other)
    case = services.accept(new_case(world), world.clerk)
    tasks = services.dispatch_joint(case, world.clerk, [world.version.department, other])
    return Case.objects.get(pk=case.pk), tasks, other_approver


# ---------------------------------------------------------------- 1. 联办: the system decides when all have answered


def test_approve_refused_while_a_joint_task_is_pending(world):
    case, _, _ = joint_case(world)
    before = audit_count(case)
    with pytest.raises(DomainError) as excinfo:
        services.approve(case, world.approver, "同意")
    assert excinfo.value.code == "joint_tasks_pending" and "联办" in excinfo.value.message
    case.refresh_from_db()
    assert (case.state, case.decision, audit_count(case)) == ("in_review", "", before)


def test_deny_refused_while_a_joint_task_is_pending(world):
    case, _, _ = joint_case(world)
    with pytest.raises(DomainError) as excinfo:
        services.deny(case, world.approver, "不符合条件", "《行政许可法》第三十八条")
    assert excinfo.value.code == "joint_tasks_pending"
    assert Case.objects.get(pk=case.pk).state == "in_review"


def test_a_joint_case_answered_by_all_is_not_decided_again_by_hand(world):
    case, (first, second), other_approver = joint_case(world)
    services.answer_joint_task(first, world.approver, True, "同意")
    services.answer_joint_task(second, other_approver, False, "选址不符合规划")
    with pytest.raises(DomainError):
        services.approve(case, world.approver, "同意")
    assert Case.objects.get(pk=case.pk).decision == "denied"


def test_approval_is_not_offered_while_a_joint_task_is_pending(world):
    case, _, _ = joint_case(world)
    offered = selectors.actions_for(world.approver, case)
    assert Action.APPROVE not in offered and Action.DENY not in offered
    assert Action.REQUEST_SUPPLEMENT in offered


def test_a_joint_task_cannot_be_answered_once_the_case_has_left_review(world):
    case, (first, _), _ = joint_case(world)
    services.withdraw(case, world.clerk, "申请人撤回")
    before = audit_count(case)
    with pytest.raises(DomainError) as excinfo:
        services.answer_joint_task(first, world.approver, True, "同意")
    assert excinfo.value.code == "transition_not_allowed"
    assert JointTask.objects.get(pk=first.pk).status == "pending" and audit_count(case) == before


# ---------------------------------------------------------------- 2. the actor's department, site and role


def test_another_departments_approver_cannot_request_a_supplement_in_review(world):
    outsider = staff(world.site, StaffRole.Role.APPROVER, department=DepartmentFactory(site=world.site))
    case = services.start_review(services.accept(new_case(world), world.clerk), world.approver)
    before = audit_count(case)
    with pytest.raises(NotAllowed) as excinfo:
        services.request_supplement(case, outsider, {world.material("户口簿").pk: "复印件不清晰"})
    assert excinfo.value.code == "role_not_allowed"
    case.refresh_from_db()
    assert (case.state, case.supplement_notices.count(), audit_count(case)) == ("in_review", 0, before)
    assert not ClockSuspension.objects.filter(case=case).exists()


def test_the_items_own_approver_may_request_a_supplement_in_review(world):
    case = services.start_review(services.accept(new_case(world), world.clerk), world.approver)
    services.request_supplement(case, world.approver, {world.material("户口簿").pk: "复印件不清晰"})
    assert Case.objects.get(pk=case.pk).state == "review_supplement"


def test_the_home_sites_clerk_cannot_issue_the_notice_for_a_case_another_window_received():
    world = make_world(tongban_scope=TongbanScope.COUNTY)
    elsewhere = TownshipSiteFactory(parent=world.site.parent)
    window_clerk = staff(elsewhere, StaffRole.Role.CLERK)
    case = new_case(
        world, site=elsewhere, clerk=window_clerk, materials={world.material("居民身份证").pk: MaterialInput(RECEIVED)}
    )
    assert case.home_site == world.site
    with pytest.raises(NotAllowed):
        services.request_supplement(case, world.clerk, {world.material("户口簿").pk: "未提交"})
    assert Case.objects.get(pk=case.pk).state == "prereview"


def test_escalation_goes_only_to_the_county_above_the_receiving_centre(world):
    foreign_county = CountySiteFactory(
        region=CountyRegionFactory(code="330888000000", name="邻县"), name="邻县人民政府政务服务中心"
    )
    case = services.accept(new_case(world), world.clerk)
    with pytest.raises(DomainError) as excinfo:
        services.escalate(case, world.clerk, to_site=foreign_county, tracker=world.clerk)
    assert excinfo.value.code == "escalate_target"
    assert Case.objects.get(pk=case.pk).state == "accepted"


# ---------------------------------------------------------------- 4. bounds on what reaches the services


def test_dispatch_joint_refuses_a_department_the_cases_site_cannot_reach(world):
    far = DepartmentFactory(site=TownshipSiteFactory(parent=world.site.parent))
    case = services.accept(new_case(world), world.clerk)
    with pytest.raises(DomainError) as excinfo:
        services.dispatch_joint(case, world.clerk, [world.version.department, far])
    assert excinfo.value.code == "department_not_reachable" and far.name in excinfo.value.message
    assert (Case.objects.get(pk=case.pk).state, JointTask.objects.count()) == ("accepted", 0)


def test_a_window_intake_cannot_be_recorded_as_online(world):
    with pytest.raises(DomainError) as excinfo:
        services.receive(
            site=world.site,
            clerk=world.clerk,
            version=world.version,
            applicant=world.applicant,
            materials={},
            form_data={},
            channel=Case.Channel.ONLINE,
        )
    assert excinfo.value.code == "channel_not_allowed"
    assert not Case.objects.exists()


@pytest.mark.parametrize("promised", [dt.date(1, 1, 1), "today"], ids=["0001-01-01", "today"])
def test_a_deferred_material_promised_for_today_or_earlier_is_refused(world, promised):
    promised = timezone.localdate() if promised == "today" else promised
    with pytest.raises(DomainError) as excinfo:
        new_case(
            world,
            materials={
                world.material("居民身份证").pk: MaterialInput(RECEIVED),
                world.material("户口簿").pk: MaterialInput("deferred", promised_by=promised),
            },
        )
    assert "promise_out_of_range" in {p.code for p in excinfo.value.problems}
    assert not Case.objects.exists()


def test_a_deferred_material_promised_after_the_statutory_limit_is_refused(world):
    with pytest.raises(DomainError) as excinfo:
        new_case(
            world,
            materials={
                world.material("居民身份证").pk: MaterialInput(RECEIVED),
                world.material("户口簿").pk: MaterialInput("deferred", promised_by=dt.date(9999, 12, 31)),
            },
        )
    assert "promise_out_of_range" in {p.code for p in excinfo.value.problems}


def test_a_deferred_material_promised_within_the_limit_is_taken(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    case = new_case(
        world,
        materials={
            world.material("居民身份证").pk: MaterialInput(RECEIVED),
            world.material("户口簿").pk: MaterialInput("deferred", promised_by=tomorrow),
        },
    )
    assert case.materials.get(material__name="户口簿").promised_by == tomorrow


def test_an_absurd_extension_is_refused_by_the_statutory_limit_not_crashed(world):
    case = services.start_review(services.accept(new_case(world), world.clerk), world.approver)
    head = staff(world.site, StaffRole.Role.HEAD)
    with pytest.raises(DomainError) as excinfo:
        services.extend(case, head, 10**7, "需要补充调查")
    assert excinfo.value.code == "extension_exceeds_statutory"
