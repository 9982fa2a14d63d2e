"""Every rate on a scorecard is a share of one cohort, so it lies between 0 and 100 % for any
period, site and grouping (issue 20 §8; decision 0023): a 差评 ticket's close is counted on the
day the ticket was opened, never on its closing day, so no period shows more tickets closed than
opened (gen_cases used to give 150 %, 122 %, 500 %)."""

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yichuang.cases.tests.factories import make_world
from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event
from yichuang.supervision import history, scorecards
from yichuang.supervision.models import METRICS

from .helpers import drain

pytestmark = pytest.mark.django_db

FIRST_DAY = dt.date(2026, 3, 2)
_numbers = iter(range(1, 10**9))  # ticket numbers unique across examples (they share one database)


def _rates_in_bounds(figures: dict) -> list[str]:
    return [
        f"{name}={figures[name]}"
        for name in scorecards.RATES
        if figures[name] is not None and not 0 <= figures[name] <= 1
    ]


def _emit_on(time_machine, day: dt.date, topic, payload) -> None:
    time_machine.move_to(dt.datetime.combine(day, dt.time(10)).astimezone(), tick=False)
    with transaction.atomic():
        ledger.emit(topic, payload)
    drain()


tickets = st.lists(
    st.tuples(st.integers(0, 40), st.one_of(st.none(), st.integers(0, 30)), st.booleans()), min_size=1, max_size=8
)
periods = st.tuples(st.integers(0, 70), st.integers(0, 70)).map(sorted)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tickets=tickets, period=periods, by=st.sampled_from(["site", "county", "month"]))
def test_rectification_rate_never_exceeds_100_percent_for_tickets_closed_later(time_machine, tickets, period, by):
    world = make_world()
    events = []  # (day, topic, payload) in time order, as the feedback app emits them
    for opened, delay, on_time in tickets:
        opened_on = FIRST_DAY + dt.timedelta(days=opened)
        base = {"ticket": next(_numbers), "site": world.site.code, "source": "bad_review"}
        events.append(
            (
                opened_on,
                Event.FEEDBACK_TICKET_OPENED,
                {**base, "due_on": (opened_on + dt.timedelta(days=10)).isoformat()},
            )
        )
        if delay is not None:
            closed_on = opened_on + dt.timedelta(days=delay)
            events.append(
                (
                    closed_on,
                    Event.FEEDBACK_TICKET_CLOSED,
                    {**base, "closed_on": closed_on.isoformat(), "on_time": on_time},
                )
            )
    for day, topic, payload in sorted(events, key=lambda e: (e[0], e[1] != Event.FEEDBACK_TICKET_OPENED)):
        _emit_on(time_machine, day, topic, payload)
    start, end = (FIRST_DAY + dt.timedelta(days=d) for d in period)
    card = scorecards.scorecard(scorecards.Query(start, end, frozenset({world.site.pk}), by))
    for figures in [card.total, *card.rows]:
        assert not _rates_in_bounds(figures), figures


def _generated_days(seed: int) -> dict:
    """Day rows of a gen_cases history, in memory (the same generator `gen_cases` stores)."""
    rows: dict = {}

    def keep(daily, _monthly):
        rows.update(daily)

    history.generate(400, dt.date(2026, 1, 5), dt.date(2026, 3, 31), seed, keep)
    return rows


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10_000),
    period=st.tuples(st.integers(0, 150), st.integers(0, 150)).map(sorted),
    group=st.sampled_from(["site", "window", "staff", "item", "all"]),
)
def test_every_rate_of_a_generated_history_is_between_0_and_100_percent(seed, period, group):
    make_world()
    start, end = (dt.date(2026, 1, 5) + dt.timedelta(days=d) for d in period)
    column = {"site": 1, "window": 2, "staff": 3, "item": 4}.get(group)
    groups: dict = {}
    for (day, *key), counts in _generated_days(seed).items():
        if start <= day <= end:
            bucket = groups.setdefault(key[column - 1] if column else "all", Counter())
            bucket.update(dict(zip(METRICS, counts)))
    for name, counts in groups.items():
        figures = scorecards.derive({m: counts.get(m, 0) for m in METRICS})
        assert not _rates_in_bounds(figures), (name, figures)
