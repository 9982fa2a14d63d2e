"""The time rules fire by themselves (issue 20 §5, decision 0022): `yichuang run_time_rules`
ends a 补正 left unanswered past its limit with a notice, raises one alert per case for a 容缺
promise passed, a special procedure past its maximum days and a review 补正 left unanswered,
and flags a case left in 预审 past five working days as deemed accepted (行政许可法第三十二条).
Tests start on the suite's frozen Monday 2026-06-15 and travel forward."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from yichuang.cases import services, steps
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services.intake import MaterialInput
from yichuang.cases.services.timers import supplement_deadline
from yichuang.cases.tests.factories import make_world
from yichuang.cases.workflow import Action, State
from yichuang.common.errors import DomainError, NotAllowed
from yichuang.ledger.models import AuditRecord
from yichuang.ledger.relay import relay_once
from yichuang.seals.models import CaseDocument, NoticeKind
from yichuang.seals.notice_facts import facts_for
from yichuang.supervision.alerts import close
from yichuang.supervision.models import Alert
from yichuang.supervision.time_rules import run_time_rules
from yichuang.workbench.tests.test_pages import case_url, logged_in, new_case

pytestmark = pytest.mark.django_db

Rule = Alert.Rule
TZ = ZoneInfo("Asia/Shanghai")


def later(time_machine, days: int):
    time_machine.move_to(dt.datetime(2026, 6, 15, 10, 0, tzinfo=TZ) + dt.timedelta(days=days), tick=False)


def awaiting_supplement(world):
    household = world.material("户口簿")
    case = new_case(world, missing={household.pk})
    services.request_supplement(case, world.clerk, {household.pk: "未提交户口簿"})
    return type(case).objects.get(pk=case.pk)


def in_review(world, **materials):
    case = (
        new_case(world)
        if not materials
        else services.receive(
            site=world.site,
            clerk=world.clerk,
            version=world.version,
            applicant=world.applicant,
            materials={
                m.pk: materials.get(m.name, MaterialInput(CaseMaterial.Status.RECEIVED))
                for m in world.version.materials.all()
            },
            form_data={"applicant": {"age": 85}},
        )
    )
    return services.start_review(services.accept(case, world.clerk), world.approver)


def alerts(rule, case):
    return list(Alert.objects.filter(rule=rule, case_number=case.number))


# ---------------------------------------------------------------- 补正期满 (a)


def test_a_supplement_not_supplied_within_the_limit_ends_the_case(time_machine):
    world = make_world()
    case = awaiting_supplement(world)
    later(time_machine, 40)
    assert run_time_rules()["supplement_timeout"] == 1
    case.refresh_from_db()
    assert case.state == State.TERMINATED and "补正期限" in case.decision_reason and case.completed_at
    record = AuditRecord.objects.filter(stream=case.audit_stream).order_by("-seq").first()
    assert (record.action, record.actor, record.data["step"]) == (
        "case.supplement_timed_out",
        "system",
        "supplement_timeout",
    )


def test_the_deadline_day_itself_still_belongs_to_the_applicant(time_machine):
    world = make_world()
    case = awaiting_supplement(world)
    deadline = supplement_deadline(case, case.supplement_notices.get())
    time_machine.move_to(dt.datetime.combine(deadline, dt.time(16), TZ), tick=False)
    assert run_time_rules().get("supplement_timeout") is None
    case.refresh_from_db()
    assert case.state == State.AWAITING_SUPPLEMENT


def test_running_the_time_rules_twice_ends_a_case_once(time_machine):
    world = make_world()
    case = awaiting_supplement(world)
    later(time_machine, 40)
    run_time_rules()
    assert run_time_rules().get("supplement_timeout") is None
    assert AuditRecord.objects.filter(stream=case.audit_stream, action="case.supplement_timed_out").count() == 1


def test_nobody_but_the_system_ends_a_case_for_a_late_supplement(time_machine):
    world = make_world()
    case = awaiting_supplement(world)
    later(time_machine, 40)
    with pytest.raises(NotAllowed):
        steps.perform(case, world.clerk, Action.SUPPLEMENT_TIMEOUT)


def test_the_system_cannot_end_a_case_before_its_supplement_limit():
    world = make_world()
    case = awaiting_supplement(world)
    with pytest.raises(DomainError) as refused:
        steps.perform(case, None, Action.SUPPLEMENT_TIMEOUT)
    assert refused.value.problems[0].code == "supplement_not_due"


def test_a_case_ended_for_a_late_supplement_gets_its_notice_listing_what_was_missing(time_machine):
    world = make_world()
    case = awaiting_supplement(world)
    later(time_machine, 40)
    run_time_rules()
    relay_once()
    document = CaseDocument.objects.get(case=case, kind=NoticeKind.SUPPLEMENT_TIMEOUT)
    assert document.facts["title"] == "补正期满终止办理告知书"
    assert [line["name"] for line in document.facts["lines"]] == ["户口簿"]
    page = logged_in(world.clerk).get(case_url(case)).content.decode()
    assert "补正期满终止办理告知书" in page and "补正期满终止" in page


def test_the_supplement_notice_tells_the_applicant_the_last_day_before_acceptance():
    world = make_world()
    case = awaiting_supplement(world)
    deadline = supplement_deadline(case, case.supplement_notices.get())
    assert facts_for(case, NoticeKind.SUPPLEMENT)["deadline"] == f"{deadline.year}年{deadline.month}月{deadline.day}日"


def test_a_review_supplement_left_unanswered_alerts_instead_of_ending_an_accepted_case(time_machine):
    world = make_world()
    case = in_review(world)
    services.request_supplement(case, world.approver, {world.material("户口簿").pk: "户口簿页面不清晰"})
    later(time_machine, 40)
    assert run_time_rules()[Rule.REVIEW_SUPPLEMENT_OVERDUE] == 1
    case.refresh_from_db()
    assert case.state == State.REVIEW_SUPPLEMENT
    assert [a.site_id for a in alerts(Rule.REVIEW_SUPPLEMENT_OVERDUE, case)] == [world.site.pk]


# ---------------------------------------------------------------- 容缺 promise passed (b)


def deferred_case(world, promised_by):
    deferred = MaterialInput(CaseMaterial.Status.DEFERRED, promised_by=promised_by)
    return in_review(world, 户口簿=deferred)


def test_a_deferred_material_past_its_promise_date_raises_one_alert(time_machine):
    world = make_world()
    case = deferred_case(world, dt.date(2026, 6, 20))
    later(time_machine, 10)
    assert run_time_rules()[Rule.DEFERRED_OVERDUE] == 1
    (alert,) = alerts(Rule.DEFERRED_OVERDUE, case)
    assert "户口簿" in alert.message and alert.site_id == world.site.pk


def test_a_deferred_material_within_its_promise_date_raises_nothing(time_machine):
    world = make_world()
    case = deferred_case(world, dt.date(2026, 6, 30))
    later(time_machine, 10)
    run_time_rules()
    assert alerts(Rule.DEFERRED_OVERDUE, case) == []


def test_a_closed_time_rule_alert_is_not_raised_again(time_machine):
    world = make_world()
    case = deferred_case(world, dt.date(2026, 6, 20))
    later(time_machine, 10)
    run_time_rules()
    from yichuang.org.models import StaffRole
    from yichuang.org.tests.factories import StaffRoleFactory

    head = StaffRoleFactory(site=world.site, role=StaffRole.Role.HEAD).user
    close(alerts(Rule.DEFERRED_OVERDUE, case)[0], head, "已电话催交")
    later(time_machine, 11)
    assert run_time_rules().get(Rule.DEFERRED_OVERDUE) is None
    assert len(alerts(Rule.DEFERRED_OVERDUE, case)) == 1


# ---------------------------------------------------------------- special procedure too long (c)


def test_a_special_procedure_past_its_maximum_days_raises_one_alert(time_machine):
    world = make_world()  # 现场勘验, at most 5 working days
    case = services.start_special(in_review(world), world.approver, "site_inspection", "需现场核实")
    later(time_machine, 14)  # nine working days
    assert run_time_rules()[Rule.SPECIAL_OVERDUE] == 1
    assert run_time_rules().get(Rule.SPECIAL_OVERDUE) is None
    (alert,) = alerts(Rule.SPECIAL_OVERDUE, case)
    assert "现场勘验" in alert.message and "5个工作日" in alert.message


def test_a_special_procedure_within_its_maximum_days_raises_nothing(time_machine):
    world = make_world()
    case = services.start_special(in_review(world), world.approver, "site_inspection", "需现场核实")
    later(time_machine, 4)  # three working days
    run_time_rules()
    assert alerts(Rule.SPECIAL_OVERDUE, case) == []


# ---------------------------------------------------------------- 预审 past five working days (d)


def test_a_case_left_in_prereview_past_five_working_days_is_deemed_accepted_on_its_receipt_day(time_machine):
    world = make_world()
    case = new_case(world)
    later(time_machine, 9)  # six working days later (19 June is 端午)
    assert run_time_rules()[Rule.DEEMED_ACCEPTED] == 1
    case.refresh_from_db()
    assert case.state == State.PREREVIEW and case.deemed_accepted_on == dt.date(2026, 6, 15)
    assert len(alerts(Rule.DEEMED_ACCEPTED, case)) == 1
    assert AuditRecord.objects.filter(stream=case.audit_stream, action="case.deemed_accepted").count() == 1


def test_a_case_in_prereview_for_five_working_days_is_not_yet_deemed_accepted(time_machine):
    world = make_world()
    case = new_case(world)
    later(time_machine, 8)  # five working days (19 June is 端午)
    run_time_rules()
    case.refresh_from_db()
    assert case.deemed_accepted_on is None and alerts(Rule.DEEMED_ACCEPTED, case) == []


def test_a_deemed_accepted_case_is_flagged_once(time_machine):
    world = make_world()
    case = new_case(world)
    later(time_machine, 9)
    run_time_rules()
    later(time_machine, 10)
    assert run_time_rules().get(Rule.DEEMED_ACCEPTED) is None
    assert AuditRecord.objects.filter(stream=case.audit_stream, action="case.deemed_accepted").count() == 1


def test_a_deemed_accepted_case_runs_its_clock_from_the_day_its_materials_came_in(time_machine):
    world = make_world()
    case = new_case(world)
    later(time_machine, 9)
    run_time_rules()
    case = services.accept(type(case).objects.get(pk=case.pk), world.clerk)
    assert case.accepted_on == dt.date(2026, 6, 15)


def test_a_deemed_accepted_case_is_marked_on_its_page_and_in_the_heads_overview(time_machine):
    from yichuang.org.models import StaffRole
    from yichuang.org.tests.factories import StaffRoleFactory

    world = make_world()
    case = new_case(world)
    later(time_machine, 9)
    run_time_rules()
    head = StaffRoleFactory(site=world.site, role=StaffRole.Role.HEAD).user
    assert "视为受理" in logged_in(world.clerk).get(case_url(case)).content.decode()
    assert "视为受理" in logged_in(head).get("/workbench/").content.decode()


def test_the_run_time_rules_command_reports_what_it_did(time_machine, capsys):
    world = make_world()
    awaiting_supplement(world)
    later(time_machine, 40)
    call_command("run_time_rules")
    assert "supplement_timeout=1" in capsys.readouterr().out
