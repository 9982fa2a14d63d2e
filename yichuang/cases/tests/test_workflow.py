"""The transition table (issue 3 §4): every pair not in the table is refused, with a reason."""
import itertools

import pytest

from yichuang.cases.workflow import (CLOCK_RUNNING, CLOCK_STOPPED, FINAL_STATES, TRANSITIONS, Action, Role, State,
                                     actions_available, transition)
from yichuang.common.errors import DomainError, NotAllowed

FORBIDDEN = [(s, a) for s, a in itertools.product(State, Action) if (s, a) not in TRANSITIONS]


@pytest.mark.parametrize("state, action", FORBIDDEN, ids=[f"{s.value}-{a.value}" for s, a in FORBIDDEN])
def test_every_transition_not_in_the_table_is_refused_with_the_allowed_actions(state, action):
    with pytest.raises(DomainError) as excinfo:
        transition(state, action, {r.value for r in Role})
    assert excinfo.value.code == "transition_not_allowed"
    assert state.label in excinfo.value.message


@pytest.mark.parametrize("key", list(TRANSITIONS), ids=[f"{s.value}-{a.value}" for s, a in TRANSITIONS])
def test_every_transition_refuses_roles_it_does_not_name(key):
    state, action = key
    _, allowed = TRANSITIONS[key]
    outsiders = {r.value for r in Role} - {r.value for r in allowed}
    if outsiders:
        with pytest.raises(NotAllowed) as excinfo:
            transition(state, action, outsiders)
        assert excinfo.value.code == "role_not_allowed"
    assert transition(state, action, {next(iter(allowed)).value}).target == TRANSITIONS[key][0]


def test_final_states_have_no_way_out():
    assert not [k for k in TRANSITIONS if k[0] in FINAL_STATES]


def test_every_state_is_reachable_from_prereview():
    seen, frontier = {State.PREREVIEW}, [State.PREREVIEW]
    while frontier:
        current = frontier.pop()
        for (source, _), (target, _) in TRANSITIONS.items():
            if source == current and target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(State)


def test_the_clock_stops_exactly_in_supplement_and_special_procedure():
    assert CLOCK_STOPPED == {State.AWAITING_SUPPLEMENT, State.REVIEW_SUPPLEMENT, State.SPECIAL_PROCEDURE}
    assert not CLOCK_RUNNING & CLOCK_STOPPED


def test_an_instant_case_goes_from_intake_to_completion_at_the_window():
    state = State.PREREVIEW
    for action in (Action.ACCEPT, Action.DECIDE_INSTANTLY, Action.PREPARE_DELIVERY, Action.DELIVER):
        state = transition(state, action, {Role.CLERK}).target
    assert state == State.COMPLETED


def test_an_approver_cannot_accept_at_the_window():
    with pytest.raises(NotAllowed):
        transition(State.PREREVIEW, Action.ACCEPT, {Role.APPROVER})


def test_a_clerk_sees_only_the_actions_a_clerk_may_take():
    assert set(actions_available(State.PREREVIEW, {Role.CLERK})) == {
        Action.ACCEPT, Action.REQUEST_SUPPLEMENT, Action.REFUSE_INTAKE, Action.WITHDRAW}
