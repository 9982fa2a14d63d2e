"""Seed 001's five kinds end to end, and 通办, extension and delivery rules (issue 3 §3, §5–§7)."""

import datetime as dt

import pytest
from django.utils import timezone

from yichuang.cases import services
from yichuang.cases.models import Case, CaseMaterial, JointTask
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.catalog.models.choices import TongbanScope
from yichuang.common.errors import DomainError, NotAllowed
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import DepartmentFactory, StaffRoleFactory, TownshipSiteFactory, UserFactory
from yichuang.people.models import Licence

pytestmark = pytest.mark.django_db
RECEIVED = CaseMaterial.Status.RECEIVED


def all_received(world):
    return {m.pk: MaterialInput(RECEIVED) for m in world.version.materials.all()}


def new_case(world, site=None, clerk=None, materials=None):
    return services.receive(
        site=site or world.site,
        clerk=clerk or world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials=materials or all_received(world),
        form_data={"applicant": {"age": 85}},
    )


def in_a_week():
    """A 容缺 promise must lie after today and within the statutory limit."""
    return timezone.localdate() + dt.timedelta(days=7)


def staff(site, role, **kw):
    return StaffRoleFactory(site=site, role=role, user=UserFactory(), **kw).user


def test_instant_case_is_decided_and_handed_out_at_the_window_in_one_visit():
    world = make_world(instant=True)
    case = new_case(world)
    services.accept(case, world.clerk)
    services.decide_instantly(case, world.clerk)
    services.prepare_delivery(case, world.clerk)
    delivery = services.deliver(case, world.clerk, "window")
    case.refresh_from_db()
    assert (case.state, case.decision, case.visits) == ("completed", "granted", 1)
    assert delivery.method == "window"


def test_a_promised_item_cannot_be_decided_on_the_spot():
    world = make_world()
    case = services.accept(new_case(world), world.clerk)
    with pytest.raises(DomainError) as excinfo:
        services.decide_instantly(case, world.clerk)
    assert excinfo.value.code == "not_instant"


def test_refused_at_intake_with_reason_and_basis():
    world = make_world()
    case = new_case(world)
    with pytest.raises(DomainError):
        services.refuse_intake(case, world.clerk, reason="不属于本中心受理范围", basis="")
    case = services.refuse_intake(case, world.clerk, reason="不属于本中心受理范围", basis="《行政许可法》第三十二条")
    assert case.state == "terminated" and case.decision_basis == "《行政许可法》第三十二条"


def test_escalated_case_is_tracked_and_the_county_decision_comes_back_for_delivery():
    world = make_world()
    county = world.site.parent
    case = services.accept(new_case(world), world.clerk)
    escalation = services.escalate(case, world.clerk, to_site=county, tracker=world.clerk)
    assert escalation.tracker == world.clerk
    services.record_escalation_progress(case, world.clerk, status_note="县局审查中", external_number="XJ-2026-001")
    case = services.record_escalation_result(case, world.clerk, status_note="县局已批准", decision="granted")
    assert (case.state, case.escalation.external_number) == ("decided", "XJ-2026-001")


def test_escalation_goes_only_to_the_county_centre():
    world = make_world()
    case = services.accept(new_case(world), world.clerk)
    with pytest.raises(DomainError) as excinfo:
        services.escalate(case, world.clerk, to_site=TownshipSiteFactory(), tracker=world.clerk)
    assert excinfo.value.code == "escalate_target"


def test_joint_case_completes_only_when_every_department_has_answered():
    world = make_world()
    other = DepartmentFactory(site=world.site)
    other_approver = staff(world.site, StaffRole.Role.APPROVER, department=other)
    case = services.accept(new_case(world), world.clerk)
    first, second = services.dispatch_joint(case, world.clerk, [world.version.department, other])
    services.answer_joint_task(first, world.approver, True, "同意")
    assert Case.objects.get(pk=case.pk).state == "in_review"
    services.answer_joint_task(second, other_approver, True, "同意")
    case.refresh_from_db()
    assert (case.state, case.decision) == ("decided", "granted")


def test_one_department_saying_no_denies_the_joint_case_with_its_reason():
    world = make_world()
    other = DepartmentFactory(site=world.site)
    other_approver = staff(world.site, StaffRole.Role.APPROVER, department=other)
    case = services.accept(new_case(world), world.clerk)
    first, second = services.dispatch_joint(case, world.clerk, [world.version.department, other])
    services.answer_joint_task(first, world.approver, True, "同意")
    services.answer_joint_task(second, other_approver, False, "选址不符合规划")
    case.refresh_from_db()
    assert case.decision == "denied" and "选址不符合规划" in case.decision_reason


def test_a_department_cannot_answer_another_departments_joint_task():
    world = make_world()
    other = DepartmentFactory(site=world.site)
    case = services.accept(new_case(world), world.clerk)
    _, second = services.dispatch_joint(case, world.clerk, [world.version.department, other])
    with pytest.raises(NotAllowed):
        services.answer_joint_task(second, world.approver, True, "同意")
    assert JointTask.objects.get(pk=second.pk).status == "pending"


def test_extension_is_capped_by_the_statutory_limit():
    world = make_world()
    case = services.accept(new_case(world), world.clerk)
    services.start_review(case, world.approver)
    head = staff(world.site, StaffRole.Role.HEAD)
    with pytest.raises(DomainError) as excinfo:
        services.extend(case, head, 16, "需要补充调查")  # 5 promised + 16 > 20 statutory
    assert excinfo.value.code == "extension_exceeds_statutory" and "最多可延长15个工作日" in excinfo.value.message
    services.extend(case, head, 15, "需要补充调查")
    assert Case.objects.get(pk=case.pk).due_date == Case.objects.get(pk=case.pk).statutory_due_date


def test_only_a_listed_special_procedure_can_stop_the_clock():
    world = make_world()
    case = services.accept(new_case(world), world.clerk)
    services.start_review(case, world.approver)
    with pytest.raises(DomainError) as excinfo:
        services.start_special(case, world.approver, "hearing", "举行听证")
    assert excinfo.value.code == "special_not_listed"
    services.start_special(case, world.approver, "site_inspection", "现场勘验房屋")
    assert case.suspensions.get().procedure == "site_inspection"


def test_a_deferred_material_blocks_handing_out_until_it_arrives():
    world = make_world()
    id_card, hukou = world.material("居民身份证"), world.material("户口簿")
    case = new_case(
        world,
        materials={id_card.pk: MaterialInput(RECEIVED), hukou.pk: MaterialInput("deferred", promised_by=in_a_week())},
    )
    services.accept(case, world.clerk)
    services.start_review(case, world.approver)
    services.approve(case, world.approver)
    with pytest.raises(DomainError) as excinfo:
        services.prepare_delivery(case, world.clerk)
    assert excinfo.value.code == "deferred_outstanding" and "户口簿" in excinfo.value.message
    services.supply_deferred(case, world.clerk, [hukou.pk])
    assert services.prepare_delivery(case, world.clerk).state == "awaiting_delivery"


def test_post_delivery_needs_a_tracking_number_and_adds_no_visit():
    world = make_world()
    case = services.accept(new_case(world), world.clerk)
    services.start_review(case, world.approver)
    services.approve(case, world.approver)
    services.prepare_delivery(case, world.clerk)
    with pytest.raises(DomainError):
        services.deliver(case, world.clerk, "post")
    services.deliver(case, world.clerk, "post", tracking_number="SF1234567890")
    assert Case.objects.get(pk=case.pk).visits == 1


def test_a_granted_case_of_a_licence_item_issues_a_licence_into_the_store():
    world = make_world(licence_type_code="338")
    case = services.accept(new_case(world), world.clerk)
    services.start_review(case, world.approver)
    services.approve(case, world.approver)
    services.prepare_delivery(case, world.clerk)
    delivery = services.deliver(case, world.clerk, "electronic")
    licence = Licence.objects.get(number=delivery.licence_number)
    assert licence.holder == world.applicant and licence.source_case_ref == case.number


def tongban_world(local_approval: bool):
    world = make_world(tongban_scope=TongbanScope.COUNTY, tongban_local_approval=local_approval)
    elsewhere = TownshipSiteFactory(parent=world.site.parent)
    clerk = staff(elsewhere, StaffRole.Role.CLERK)
    return world, elsewhere, clerk


def test_tongban_home_approval_sends_the_case_home_and_hands_out_where_it_was_accepted():
    world, elsewhere, clerk = tongban_world(local_approval=False)
    case = services.accept(new_case(world, site=elsewhere, clerk=clerk), clerk)
    assert (case.site, case.home_site, case.transfer_mode) == (elsewhere, world.site, "home_approval")
    services.start_review(case, world.approver)
    services.approve(case, world.approver)
    with pytest.raises(NotAllowed):  # the home site does not hand out: the accepting window does
        services.prepare_delivery(case, world.clerk)
    services.prepare_delivery(case, clerk)
    assert services.deliver(case, clerk, "window").delivered_by == clerk


def test_tongban_local_approval_is_decided_at_the_accepting_site():
    world, elsewhere, clerk = tongban_world(local_approval=True)
    local_approver = staff(elsewhere, StaffRole.Role.APPROVER, department=DepartmentFactory(site=elsewhere))
    case = services.accept(new_case(world, site=elsewhere, clerk=clerk), clerk)
    assert case.home_site == elsewhere
    with pytest.raises(NotAllowed):
        services.start_review(case, world.approver)
    services.start_review(case, local_approver)
    assert services.approve(case, local_approver).decision == "granted"


def test_an_item_outside_the_sites_list_and_tongban_scope_is_refused():
    world = make_world()
    elsewhere = TownshipSiteFactory(parent=world.site.parent)
    with pytest.raises(DomainError) as excinfo:
        new_case(world, site=elsewhere, clerk=staff(elsewhere, StaffRole.Role.CLERK))
    assert excinfo.value.code == "item_not_offered"


def test_withdrawn_case_cannot_be_accepted_afterwards():
    world = make_world()
    case = services.withdraw(new_case(world), world.clerk, "申请人撤回")
    with pytest.raises(DomainError) as excinfo:
        services.accept(case, world.clerk)
    assert excinfo.value.code == "transition_not_allowed"


def test_extending_a_case_that_is_not_in_review_is_refused_not_crashed():
    world = make_world()
    head = staff(world.site, StaffRole.Role.HEAD)
    with pytest.raises(DomainError) as excinfo:
        services.extend(new_case(world), head, 3, "需要补充调查")  # still in 预审: no due date yet
    assert excinfo.value.code == "transition_not_allowed"


def test_progress_of_a_case_never_escalated_is_refused():
    world = make_world()
    case = services.accept(new_case(world), world.clerk)
    with pytest.raises(DomainError) as excinfo:
        services.record_escalation_progress(case, world.clerk, status_note="县局审查中")
    assert excinfo.value.code == "transition_not_allowed"


def test_only_the_accepting_sites_staff_record_escalation_progress():
    world = make_world()
    case = services.accept(new_case(world), world.clerk)
    services.escalate(case, world.clerk, to_site=world.site.parent, tracker=world.clerk)
    with pytest.raises(NotAllowed):
        services.record_escalation_result(case, world.approver, status_note="县局已批准", decision="granted")
