"""取号叫号 (issue 19 §1; R-55): numbers per category, the green channel and appointments first,
call / recall / serve / finish / skip / transfer, times recorded per ticket."""

import datetime as dt

import pytest
from django.utils import timezone

from yichuang.common.errors import Conflict, DomainError, NotAllowed
from yichuang.feedback.models import Encounter
from yichuang.floor import services, staffing
from yichuang.floor.models import AttendanceMark, Ticket

pytestmark = pytest.mark.django_db


def test_numbers_count_up_per_category_from_one(hall):
    codes = [services.issue(hall.site, c).code for c in ("A", "A", "C", "A")]
    assert codes == ["A001", "A002", "C001", "A003"]


def test_no_number_is_issued_for_a_category_no_open_window_serves(hall):
    for window, clerk in ((hall.window, hall.clerk), (hall.second_window, hall.second_clerk)):
        staffing.mark(hall.post(window), clerk, AttendanceMark.Kind.SIGN_OUT)
    with pytest.raises(DomainError) as exc:
        services.issue(hall.site, "A")
    assert exc.value.code == "category_not_offered"


def test_an_unknown_category_is_refused_in_words(hall):
    with pytest.raises(DomainError, match="请选择要办理的业务类别"):
        services.issue(hall.site, "Z")


def test_the_green_channel_is_called_before_earlier_tickets(hall):
    services.issue(hall.site, "A")
    services.issue(hall.site, "A")
    green = services.issue(hall.site, "A", green_reason=Ticket.Green.ELDERLY)
    assert services.call_next(hall.window, hall.clerk) == green


def test_an_appointment_is_called_before_walk_ins_but_after_the_green_channel(hall):
    walk_in = services.issue(hall.site, "A")
    booked = services.issue(hall.site, "A", booking=None)
    Ticket.objects.filter(pk=booked.pk).update(priority=Ticket.Priority.APPOINTMENT)
    green = services.issue(hall.site, "A", green_reason=Ticket.Green.PREGNANT)
    called = [services.call_next(w, c) for w, c in ((hall.window, hall.clerk), (hall.second_window, hall.second_clerk))]
    assert called == [green, Ticket.objects.get(pk=booked.pk)]
    assert Ticket.objects.get(pk=walk_in.pk).state == Ticket.State.WAITING


def test_only_the_three_green_reasons_are_accepted(hall):
    with pytest.raises(DomainError, match="70岁以上老人、残疾人和孕妇"):
        services.issue(hall.site, "A", green_reason="vip")


def test_a_clerk_without_a_post_at_the_window_cannot_call(hall):
    services.issue(hall.site, "A")
    with pytest.raises(NotAllowed):
        services.call_next(hall.window, hall.second_clerk)


def test_calling_with_nobody_waiting_returns_nothing(hall):
    assert services.call_next(hall.window, hall.clerk) is None


def test_a_window_calls_one_number_at_a_time(hall):
    services.issue(hall.site, "A")
    services.issue(hall.site, "A")
    services.call_next(hall.window, hall.clerk)
    with pytest.raises(Conflict, match="请先办结或过号"):
        services.call_next(hall.window, hall.clerk)


def test_recall_counts_the_calls_and_keeps_the_first_call_time(hall):
    services.issue(hall.site, "A")
    ticket = services.call_next(hall.window, hall.clerk)
    again = services.recall(ticket, hall.clerk, now=ticket.called_at + dt.timedelta(seconds=30))
    assert (again.calls, again.called_at) == (2, ticket.called_at)
    assert again.last_called_at > ticket.called_at


def test_waiting_and_service_times_are_recorded(hall):
    t0 = timezone.now()
    ticket = services.issue(hall.site, "A", now=t0)
    ticket = services.call_next(hall.window, hall.clerk, now=t0 + dt.timedelta(minutes=7))
    services.start(ticket, hall.clerk, now=t0 + dt.timedelta(minutes=8))
    done = services.finish(ticket, hall.clerk, now=t0 + dt.timedelta(minutes=20))
    assert (done.wait_seconds, done.service_seconds) == (420, 720)


def test_finishing_links_the_case_and_opens_the_window_rating(hall):
    case = hall.fw.decided_case()
    services.issue(hall.site, "A")
    ticket = services.call_next(hall.window, hall.clerk)
    done = services.finish(ticket, hall.clerk, case.number)
    encounter = Encounter.objects.get(pk=done.encounter_id)
    assert (done.case, encounter.case, encounter.closed_at, done.state) == (case, case, None, Ticket.State.DONE)


def test_finishing_with_another_sites_case_number_is_refused(hall):
    services.issue(hall.site, "A")
    ticket = services.call_next(hall.window, hall.clerk)
    with pytest.raises(DomainError, match="本站点没有编号为"):
        services.finish(ticket, hall.clerk, "NO-SUCH-CASE")
    assert Ticket.objects.get(pk=ticket.pk).state == Ticket.State.CALLED


def test_a_skipped_ticket_frees_the_window(hall):
    services.issue(hall.site, "A")
    second = services.issue(hall.site, "A")
    services.skip(services.call_next(hall.window, hall.clerk), hall.clerk)
    assert services.call_next(hall.window, hall.clerk) == second


def test_a_transferred_ticket_keeps_its_number_and_waits_in_the_new_category(hall):
    services.issue(hall.site, "C")
    ticket = services.call_next(hall.window, hall.clerk)  # intake windows also call C
    moved = services.transfer(ticket, hall.clerk, "D")
    assert (moved.code, moved.queue, moved.state, moved.window) == ("C001", "D", Ticket.State.WAITING, None)


def test_only_the_calling_window_acts_on_its_ticket(hall):
    services.issue(hall.site, "A")
    ticket = services.call_next(hall.window, hall.clerk)
    with pytest.raises(NotAllowed):
        services.skip(ticket, hall.second_clerk)
