"""No dead ends (issue 20 §1, R-20, R-24): over random case histories taken by random staff
and citizens of random sites — the window, the village helper, the township's approvers and
head, the county centre's clerk and approvers — with the outbox relay running now and then,
every case that is not finished is listed in the workbench home of someone who is offered a
step on it; and a to-do queue lists only cases its holder can act on.

The histories are those of test_offered_is_accepted (same cast, same careful inputs), with
the item's 委托部门 stationed at the county centre in half of them, so escalated cases go to
the county on the platform or, in the other half, wait for the township to record the
county's result."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yichuang.cases import steps
from yichuang.cases.models import Case
from yichuang.cases.tests import test_offered_is_accepted as base
from yichuang.cases.workflow import FINAL_STATES, Action
from yichuang.common.errors import DomainError
from yichuang.ledger.relay import relay_once
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import DepartmentFactory, StaffRoleFactory, UserFactory
from yichuang.workbench.views import home_queues

pytestmark = pytest.mark.django_db(transaction=False)
COUNTY_DEPARTMENT = "清溪县民政局"
town = base.town  # the cast's fixture
new_case, sample_input = base.new_case, base.sample_input
RELAY = "relay"  # a move that runs the outbox relay, as the relay process does beside the server


def county_on_platform(world):
    """The item's 委托部门 at the county centre, with an approver: escalations go to it."""
    type(world.version).objects.filter(pk=world.version.pk).update(entrusting_body=COUNTY_DEPARTMENT)
    world.version.entrusting_body = COUNTY_DEPARTMENT
    department = DepartmentFactory(site=world.site.parent, name=COUNTY_DEPARTMENT)
    return StaffRoleFactory(
        site=world.site.parent, role=StaffRole.Role.APPROVER, department=department, user=UserFactory()
    ).user


def listed_by(case: Case, people: dict, *, to_do_only: bool = False) -> dict[str, bool]:
    """For each staff member whose home page lists the case: whether they are offered a step on it."""
    fresh = Case.objects.get(pk=case.pk)
    out = {}
    for name, person in people.items():
        queues = home_queues(person)
        if to_do_only:  # the desks of the table, not the head's, helper's or tracker's overviews
            queues = [q for q in queues if "在办件" not in q["title"] and "跟踪" not in q["title"]]
        if any(row.number == fresh.number for q in queues for row in q["rows"]):
            out[name] = bool(steps.offered(fresh, person))
    return out


ENDINGS = {Action.WITHDRAW, Action.TERMINATE, Action.REFUSE_INTAKE}


ROUTES = [(), (Action.ESCALATE,), (Action.DISPATCH_JOINT,)]  # the route a history prefers when offered


def _mover(case: Case, actors: list, action: Action, who: int, route: tuple):
    """Mostly someone who is offered a step that moves the case on, taking one of those (the
    history's route first, so histories go deep: to the county and back to the window); now
    and then anyone, anything."""
    if who % 4 == 0:
        return actors[who % len(actors)], action
    fresh = Case.objects.get(pk=case.pk)
    movers = [(a, sorted(set(steps.offered(fresh, a)) - ENDINGS)) for a in actors]
    movers = [(a, offered) for a, offered in movers if offered]
    if not movers:
        return actors[who % len(actors)], action
    preferred = [(a, r) for a, offered in movers for r in route if r in offered]
    if preferred:
        return preferred[0]
    actor, offered = movers[who % len(movers)]
    return actor, offered[who % len(offered)]


def histories():
    return given(
        start=st.sampled_from(["window", "helper"]),
        deferred=st.booleans(),
        on_platform=st.booleans(),
        route=st.sampled_from(ROUTES),
        moves=st.lists(st.tuples(st.sampled_from([*Action, RELAY]), st.integers(0, 12)), min_size=4, max_size=12),
    )


def play(town, start, deferred, on_platform, route, moves, check):
    world, station, cast, mandate = town
    with transaction.atomic():
        cast = dict(cast)
        if on_platform:
            cast["county_approver"] = county_on_platform(world)
        actors = list(cast.values())
        staff = {name: p for name, p in cast.items() if hasattr(p, "staff_roles")}
        case = new_case(world, station, mandate, start, deferred)
        check(case, staff)
        for action, who in moves:
            if action == RELAY:
                relay_once()
            else:
                actor, action = _mover(case, actors, action, who, route)
                try:
                    steps.perform(Case.objects.get(pk=case.pk), actor, action, sample_input(case, actor, action))
                except DomainError:
                    pass
            check(case, staff)
        transaction.set_rollback(True)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@histories()
def test_every_open_case_is_listed_for_someone_who_is_offered_a_step_on_it(
    town, start, deferred, on_platform, route, moves
):
    def check(case, staff):
        state = Case.objects.get(pk=case.pk).state
        if state in FINAL_STATES:
            return
        listed = listed_by(case, staff)
        assert any(listed.values()), (state, listed)

    play(town, start, deferred, on_platform, route, moves, check)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@histories()
def test_a_to_do_queue_lists_only_cases_its_holder_can_act_on(town, start, deferred, on_platform, route, moves):
    def check(case, staff):
        listed = listed_by(case, staff, to_do_only=True)
        assert all(listed.values()), (Case.objects.get(pk=case.pk).state, listed)

    play(town, start, deferred, on_platform, route, moves, check)
