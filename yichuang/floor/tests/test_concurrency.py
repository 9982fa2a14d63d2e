"""Races (issue 19 §1): two clerks pressing 叫号 at once never get the same ticket, two kiosks
never print the same number. Real threads on the real database (PostgreSQL: SKIP LOCKED)."""

import pytest

from yichuang.common.testing import run_together
from yichuang.floor import services
from yichuang.floor.models import Ticket

from .factories import make_hall

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_clerks_calling_at_once_get_different_tickets():
    hall = make_hall()
    for _ in range(3):
        services.issue(hall.site, "A")
    results = run_together(
        [
            lambda: services.call_next(hall.window, hall.clerk),
            lambda: services.call_next(hall.second_window, hall.second_clerk),
        ]
    )
    assert all(isinstance(r, Ticket) for r in results), results
    assert results[0].pk != results[1].pk
    assert Ticket.objects.filter(state=Ticket.State.CALLED).count() == 2


def test_two_clerks_calling_for_the_last_ticket_one_gets_it():
    hall = make_hall()
    only = services.issue(hall.site, "A")
    results = run_together(
        [
            lambda: services.call_next(hall.window, hall.clerk),
            lambda: services.call_next(hall.second_window, hall.second_clerk),
        ]
    )
    assert sorted(str(r.pk) if isinstance(r, Ticket) else repr(r) for r in results) == sorted([str(only.pk), "None"])


def test_two_kiosks_issuing_at_once_print_different_numbers():
    hall = make_hall()
    results = run_together([lambda: services.issue(hall.site, "A")] * 4)
    assert all(isinstance(r, Ticket) for r in results), results
    assert sorted(r.code for r in results) == ["A001", "A002", "A003", "A004"]
