"""Property (R-54): after any random history of cases — interleaved with the relay running at
random moments, so consumers often read a case several steps after the event — the incremental
rollups equal a from-scratch recount from the cases tables and the audit log, month rows
equal the sum of their day rows, and the per-dimension cubes equal the full-key rows summed."""

import datetime as dt
from collections import Counter, defaultdict
from types import SimpleNamespace

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yichuang.cases import services
from yichuang.cases.tests.factories import make_world
from yichuang.org.tests.factories import PostFactory, WindowFactory
from yichuang.supervision import rollups
from yichuang.supervision.models import DailyCube, DailyRollup, MonthlyCube, MonthlyRollup

from .helpers import drain, new_case, online_case

pytestmark = pytest.mark.django_db

PATHS = [
    "received",
    "refused",
    "withdrawn",
    "approved",
    "denied",
    "supplemented_then_approved",
    "review_supplement",
    "instant",
    "accepted_open",
]


def run_path(path, world, instant_world, channel, step, relay_now):
    """One case along `path`. An online case is submitted in the hall with no owner and taken by
    the clerk at pre-review — sometimes after the relay has counted its receipt, sometimes before."""
    w = instant_world if path == "instant" else world
    online = channel == "online"
    case = online_case(w) if online else new_case(w, channel)
    relay_now()
    step()
    if path == "received":
        return
    if path == "refused":
        services.refuse_intake(case, w.clerk, "不属于本中心受理范围", "《行政许可法》第三十二条")
        return
    if path == "supplemented_then_approved":
        request = services.prereview_request_supplement if online else services.request_supplement
        request(case, w.clerk, {w.material("户口簿").pk: "复印件不清晰"})
        step()
        if online:
            services.supplement_online(case, SimpleNamespace(pk="property"), [w.material("户口簿").pk])
        else:
            services.supplement(case, w.clerk, [w.material("户口簿").pk])
    case = (services.prereview_accept if online else services.accept)(case, w.clerk)
    relay_now()
    step()
    if path == "withdrawn":
        services.withdraw(case, w.clerk, "申请人撤回")
        return
    if path == "accepted_open":
        return
    if path == "instant":
        services.decide_instantly(case, w.clerk)
    else:
        services.start_review(case, w.approver)
        step()
        if path == "review_supplement":
            services.request_supplement(case, w.approver, {w.material("户口簿").pk: "户口簿页码缺失"})
            step()
            services.supplement(case, w.clerk, [w.material("户口簿").pk])
        if path == "denied":
            services.deny(case, w.approver, "申请人年龄不符合条件", "《浙江省老年人权益保障条例》第二十条")
        else:
            services.approve(case, w.approver, "符合条件")
    step()
    services.prepare_delivery(case, w.clerk)
    services.deliver(case, w.clerk, "window")


history = st.lists(
    st.tuples(
        st.sampled_from(PATHS),
        st.sampled_from(["window", "online"]),
        st.lists(st.integers(0, 5), min_size=6, max_size=6),
        st.booleans(),
    ),
    min_size=1,
    max_size=6,
)


def test_rollups_equal_a_recount_after_random_histories(time_machine):
    world = make_world()
    PostFactory(window=WindowFactory(site=world.site), staff=world.clerk)  # window cases carry a window
    instant_world = make_world(basic_code="330000000200", instant=True)
    start = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(history)
    def check(cases):
        sid = transaction.savepoint()
        try:
            time_machine.move_to(start, tick=False)
            for path, channel, jumps, relay_midway in cases:
                moves = iter(jumps)

                def step():
                    time_machine.shift(dt.timedelta(days=next(moves, 0), hours=1))

                run_path(path, world, instant_world, channel, step, drain if relay_midway else (lambda: None))
            drain()
            recounted = rollups.recount()
            assert rollups.stored() == recounted
            # The recount sees every online receipt (no staff, no window), so the comparison covers them.
            online = sum(1 for _, channel, _, _ in cases if channel == "online")
            assert sum(c["online"] for c in recounted.values()) == online
            by_month = defaultdict(Counter)
            for (day, *rest), counts in rollups.stored(DailyRollup).items():
                by_month[(day.replace(day=1), *rest)].update(counts)
            assert rollups.stored(MonthlyRollup) == dict(by_month)
            full = rollups.stored()
            assert rollups.stored_cubes(DailyCube) == rollups.cubes_from(full)
            assert rollups.stored_cubes(MonthlyCube) == rollups.cubes_from(full, monthly=True)
        finally:
            transaction.savepoint_rollback(sid)

    check()
