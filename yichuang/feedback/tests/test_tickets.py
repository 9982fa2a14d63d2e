"""The rectification loop (R-50, R-51): verify → rectify → call back → close, by the site's
head or a supervisor, each step recorded and audited; unsatisfied call-backs reopen it;
closing reports whether it was on time."""

import datetime as dt

import pytest

from yichuang.common.errors import DomainError, NotAllowed
from yichuang.feedback import selectors, services
from yichuang.feedback.models import Rectification, RectificationStep
from yichuang.feedback.workflow import TRANSITIONS, Action, State
from yichuang.ledger.models import AuditRecord, OutboxEvent
from yichuang.org.models import StaffRole

from .factories import citizen_for, other_site_head, staff_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(fw):
    case = fw.decided_case()
    rating = services.rate_case(
        case, citizen_for(case.applicant), level=1, indicators=["efficiency"], reason="跑了三趟"
    )
    return rating.rectification


def walk_to_called_back(ticket, head):
    services.verify(ticket, head, "查看记录,属实")
    services.rectify(ticket, head, "窗口增加一人")
    return services.call_back(ticket, head, "satisfied", "电话回访,对整改满意")


def test_the_head_verifies_a_new_ticket(fw, ticket):
    assert services.verify(ticket, fw.head, "调取监控,情况属实").state == State.RECTIFYING


def test_the_full_loop_ends_closed(fw, ticket):
    walk_to_called_back(ticket, fw.head)
    assert services.close(ticket, fw.head).state == State.CLOSED


def test_every_step_is_recorded_with_who_and_what(fw, ticket):
    services.verify(ticket, fw.head, "调取监控,情况属实")
    step = ticket.steps.get(action=Action.VERIFY)
    assert (step.actor, step.note, step.state) == (fw.head, "调取监控,情况属实", State.RECTIFYING)


def test_every_step_is_audited_in_the_ticket_stream(fw, ticket):
    walk_to_called_back(ticket, fw.head)
    actions = list(
        AuditRecord.objects.filter(stream=f"feedback.ticket.{ticket.pk}")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "feedback.ticket.open",
        "feedback.ticket.verify",
        "feedback.ticket.rectify",
        "feedback.ticket.call_back",
    ]


def test_an_unsatisfied_call_back_reopens_the_rectification(fw, ticket):
    services.verify(ticket, fw.head, "属实")
    services.rectify(ticket, fw.head, "已批评教育")
    reopened = services.call_back(ticket, fw.head, "unsatisfied", "回访仍不满意,要求当面道歉")
    assert reopened.state == State.RECTIFYING


def test_a_step_without_a_note_is_refused(fw, ticket):
    with pytest.raises(DomainError) as exc:
        services.verify(ticket, fw.head, "  ")
    assert exc.value.code == "note_required"


def test_a_step_out_of_order_is_refused(fw, ticket):
    with pytest.raises(DomainError) as exc:
        services.close(ticket, fw.head)
    assert exc.value.code == "transition_not_allowed"


def test_a_call_back_needs_a_known_result(fw, ticket):
    services.verify(ticket, fw.head, "属实")
    services.rectify(ticket, fw.head, "已整改")
    with pytest.raises(DomainError) as exc:
        services.call_back(ticket, fw.head, "maybe", "回访")
    assert exc.value.code == "invalid_result"


def test_a_clerk_may_not_act_on_a_ticket(fw, ticket):
    with pytest.raises(NotAllowed):
        services.verify(ticket, fw.clerk, "我自己核实")


def test_the_head_of_another_site_may_not_act_on_a_ticket(fw, ticket):
    with pytest.raises(NotAllowed):
        services.verify(ticket, other_site_head(), "核实")


def test_a_supervisor_of_the_county_acts_on_a_township_ticket(fw, ticket):
    county_supervisor = staff_at(fw.site.parent, StaffRole.Role.SUPERVISOR)
    assert services.verify(ticket, county_supervisor, "县监察核实").state == State.RECTIFYING


def test_closing_on_time_emits_ticket_closed_on_time(fw, ticket):
    walk_to_called_back(ticket, fw.head)
    services.close(ticket, fw.head)
    event = OutboxEvent.objects.get(topic="feedback.ticket_closed")
    assert event.payload == {
        "ticket": ticket.pk,
        "site": fw.site.code,
        "source": "bad_review",
        "closed_on": "2026-06-15",
        "on_time": True,
    }


def test_closing_after_the_due_date_is_late_and_overdue(fw, ticket, time_machine):
    walk_to_called_back(ticket, fw.head)
    time_machine.move_to(dt.datetime(2026, 7, 1, 10, 0).astimezone())
    closed = services.close(ticket, fw.head)
    assert closed.is_overdue and OutboxEvent.objects.get(topic="feedback.ticket_closed").payload["on_time"] is False


def test_an_open_ticket_past_its_due_date_is_overdue(fw, ticket, time_machine):
    time_machine.move_to(dt.datetime.combine(ticket.due_on + dt.timedelta(days=1), dt.time(10)).astimezone())
    assert ticket.is_overdue


def test_an_open_ticket_before_its_due_date_is_not_overdue(ticket):
    assert not ticket.is_overdue


def test_the_transition_table_has_one_way_out_of_each_open_state_but_one():
    # calling_back has two (satisfied → called_back, unsatisfied → rectifying); closed has none.
    outs = {s: [a for (src, a) in TRANSITIONS if src == s] for s in State}
    assert {s: len(a) for s, a in outs.items()} == {
        State.VERIFYING: 1,
        State.RECTIFYING: 1,
        State.CALLING_BACK: 2,
        State.CALLED_BACK: 1,
        State.CLOSED: 0,
    }


def test_the_call_back_result_is_kept_on_its_step(fw, ticket):
    walk_to_called_back(ticket, fw.head)
    assert ticket.steps.get(action=Action.CALL_BACK).result == RectificationStep.Result.SATISFIED


def test_the_list_puts_overdue_open_tickets_first_then_open_then_closed(fw, time_machine):
    report = lambda: services.report_unresolved(fw.site, matter="办不了", phone="13812345678").rectification  # noqa: E731
    closed = report()
    services.verify(closed, fw.head, "属实")
    services.rectify(closed, fw.head, "已改")
    services.call_back(closed, fw.head, "unreachable", "三次未接通")
    services.close(closed, fw.head)
    late = report()
    Rectification.objects.filter(pk=late.pk).update(due_on=dt.date(2026, 6, 10), opened_on=dt.date(2026, 6, 1))
    fresh = report()
    assert [t.pk for t in selectors.tickets_for(fw.head)] == [late.pk, fresh.pk, closed.pk]
