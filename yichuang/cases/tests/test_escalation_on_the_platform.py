"""上报件 reaches the county (issue 20 §4, R-21): an escalated case is in the county centre's
queue, the county's clerk accepts it on the county's working days, the department the item's
委托部门 names decides it, and it comes back to the township's window for hand-out; the
township sees every step and types nothing the county already did."""

import datetime as dt

import pytest

from yichuang.cases import selectors, services, steps
from yichuang.cases.models import Case
from yichuang.cases.tests.test_api import act, client_for
from yichuang.cases.workflow import Action, Where
from yichuang.common.errors import DomainError, NotAllowed
from yichuang.ledger.models import AuditRecord
from yichuang.ledger.relay import relay_once
from yichuang.org.calendar import add_working_days, working_days_between
from yichuang.org.models import CalendarDay, StaffRole
from yichuang.org.tests.factories import DepartmentFactory, StaffRoleFactory, UserFactory

from .factories_county import escalated_case, make_county_world

pytestmark = pytest.mark.django_db


def queue_of(user, role_name, where):
    role = user.staff_roles.get(role=role_name)
    return set(selectors.role_queue(user, role, where).values_list("number", flat=True))


def county_decides(cw, case, granted=True):
    steps.perform(case, cw.county_clerk, Action.COUNTY_ACCEPT)
    steps.perform(case, cw.county_approver, Action.COUNTY_START_REVIEW)
    if granted:
        return steps.perform(case, cw.county_approver, Action.COUNTY_APPROVE, {"opinion": "符合条件"})
    return steps.perform(
        case,
        cw.county_approver,
        Action.COUNTY_DENY,
        {"reason": "不符合条件", "basis": "《特困人员救助供养办法》第十条"},
    )


def test_the_escalation_names_the_county_department_of_the_items_entrusting_body():
    cw = make_county_world()
    case = escalated_case(cw)
    assert Case.objects.get(pk=case.pk).escalation.department == cw.department


def test_the_escalated_case_waits_in_the_county_centres_window_queue():
    cw = make_county_world()
    case = escalated_case(cw)
    assert case.number in queue_of(cw.county_clerk, StaffRole.Role.CLERK, Where.ESCALATED_TO)
    assert case.number not in queue_of(cw.world.clerk, StaffRole.Role.CLERK, Where.WINDOW)


def test_county_staff_see_the_case_escalated_to_them():
    cw = make_county_world()
    case = escalated_case(cw)
    assert selectors.case_view(cw.county_approver, case.number) is not None
    assert client_for(cw.county_clerk).get(f"/workbench/cases/{case.number}/").status_code == 200


def test_another_countys_staff_do_not_see_it():
    cw = make_county_world()
    case = escalated_case(cw)
    stranger = StaffRoleFactory(role=StaffRole.Role.CLERK, user=UserFactory()).user  # a township of another county
    assert selectors.find_case(stranger, case.number) is None


def test_the_county_accepts_on_its_own_working_days():
    cw = make_county_world()
    case = escalated_case(cw)
    saturday = dt.date(2026, 6, 20)  # the county centre opens on this Saturday (5+X); the township does not
    CalendarDay.objects.create(date=saturday, is_working=True, site=cw.county, name="周六延时服务")
    steps.perform(case, cw.county_clerk, Action.COUNTY_ACCEPT)
    case = Case.objects.get(pk=case.pk)
    escalation = case.escalation
    days = working_days_between(cw.world.site, dt.date(2026, 6, 15), case.due_date)  # what is left of the promise
    assert escalation.county_accepted_on == dt.date(2026, 6, 15)
    assert escalation.county_due_date == add_working_days(cw.county, dt.date(2026, 6, 15), days)
    assert escalation.county_due_date < add_working_days(cw.world.site, dt.date(2026, 6, 15), days)


def test_once_accepted_it_waits_for_the_departments_approver():
    cw = make_county_world()
    case = escalated_case(cw)
    steps.perform(case, cw.county_clerk, Action.COUNTY_ACCEPT)
    assert case.number in queue_of(cw.county_approver, StaffRole.Role.APPROVER, Where.COUNTY_REVIEW)
    assert case.number not in queue_of(cw.county_clerk, StaffRole.Role.CLERK, Where.ESCALATED_TO)


def test_an_approver_of_another_county_department_may_not_decide():
    cw = make_county_world()
    case = escalated_case(cw)
    steps.perform(case, cw.county_clerk, Action.COUNTY_ACCEPT)
    other = StaffRoleFactory(
        site=cw.county, role=StaffRole.Role.APPROVER, department=DepartmentFactory(site=cw.county), user=UserFactory()
    ).user
    with pytest.raises(NotAllowed):
        steps.perform(case, other, Action.COUNTY_START_REVIEW)


def test_the_county_steps_go_in_order():
    cw = make_county_world()
    case = escalated_case(cw)
    with pytest.raises(DomainError) as refused:
        steps.perform(case, cw.county_approver, Action.COUNTY_START_REVIEW)
    assert refused.value.code == "county_step_out_of_order"


def test_the_county_decision_sends_the_case_back_to_the_township_decided():
    cw = make_county_world()
    case = county_decides(cw, escalated_case(cw))
    assert (case.state, case.decision) == ("decided", "granted")
    assert case.number in queue_of(cw.world.clerk, StaffRole.Role.CLERK, Where.WINDOW)


def test_a_county_denial_needs_its_reason_and_basis():
    cw = make_county_world()
    case = escalated_case(cw)
    steps.perform(case, cw.county_clerk, Action.COUNTY_ACCEPT)
    steps.perform(case, cw.county_approver, Action.COUNTY_START_REVIEW)
    with pytest.raises(DomainError) as refused:
        steps.perform(case, cw.county_approver, Action.COUNTY_DENY, {"reason": "", "basis": ""})
    assert refused.value.code == "denial_needs_reason"


def test_after_the_relay_the_decided_case_is_in_the_townships_hand_out_queue():
    cw = make_county_world()
    case = county_decides(cw, escalated_case(cw), granted=False)
    relay_once()
    assert Case.objects.get(pk=case.pk).state == "awaiting_delivery"
    assert case.number in queue_of(cw.world.clerk, StaffRole.Role.CLERK, Where.WINDOW)


def test_the_township_sees_each_county_step_on_its_timeline():
    cw = make_county_world()
    case = county_decides(cw, escalated_case(cw))
    page = client_for(cw.world.clerk).get(f"/workbench/cases/{case.number}/").content.decode()
    timeline = page[page.index('id="h-timeline"') :]
    for label in ("县级受理上报件", "县级审查", "县级准予"):
        assert label in timeline


def test_the_township_is_not_offered_to_retype_the_countys_result():
    cw = make_county_world()
    case = escalated_case(cw)
    offered = set(steps.offered(Case.objects.get(pk=case.pk), cw.world.clerk))
    assert not offered & {Action.RECORD_ESCALATION_RESULT, Action.RECORD_ESCALATION_PROGRESS}


def test_the_api_refuses_a_typed_result_for_a_county_on_the_platform():
    cw = make_county_world()
    case = escalated_case(cw)
    response = act(client_for(cw.world.clerk), case.number, "record-escalation-result", {"decision": "granted"})
    assert (response.status_code, response.json()["code"]) == (400, "county_on_platform")
    assert AuditRecord.objects.filter(stream=case.audit_stream, data__step="record_escalation_result").count() == 0


def test_a_county_outside_the_platform_still_has_its_result_recorded_by_the_township():
    cw = make_county_world()
    cw.department.name = "示范县民政局(未上线)"  # the item's 委托部门 is not on the platform
    cw.department.save()
    case = escalated_case(cw)
    assert Case.objects.get(pk=case.pk).escalation.department is None
    case = services.record_escalation_result(case, cw.world.clerk, decision="granted", status_note="县局已批准")
    assert case.state == "decided"
