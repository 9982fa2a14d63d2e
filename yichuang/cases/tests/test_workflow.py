"""The table of steps (issue 3 §4, issue 14 §1): every pair not in the table is refused, with
a reason; the table is complete and its paths reach every state."""

import itertools

import pytest

from yichuang.cases.steps import ACTS, STEPS, step_for
from yichuang.cases.workflow import CLOCK_RUNNING, CLOCK_STOPPED, FINAL_STATES, Action, Role, State
from yichuang.common.errors import DomainError

FORBIDDEN = [(s, a) for s, a in itertools.product(State, Action) if (s, a) not in STEPS]


@pytest.mark.parametrize("state, action", FORBIDDEN, ids=[f"{s.value}-{a.value}" for s, a in FORBIDDEN])
def test_every_step_not_in_the_table_is_refused_with_the_allowed_actions(state, action):
    with pytest.raises(DomainError) as excinfo:
        step_for(state, action)
    assert excinfo.value.code == "transition_not_allowed"
    assert state.label in excinfo.value.message


def test_an_unknown_action_is_refused_by_name():
    with pytest.raises(DomainError) as excinfo:
        step_for(State.PREREVIEW, "approve_everything")
    assert excinfo.value.code == "unknown_action"


def test_every_action_has_its_parts_and_at_least_one_row():
    assert set(ACTS) == set(Action)
    assert {a for (_, a) in STEPS} == set(Action)


def test_every_row_names_roles():
    assert all(step.roles and step.roles <= set(Role) for step in STEPS.values())


def test_final_states_have_no_way_out_but_revoking_a_decision_obtained_by_a_false_commitment():
    # 行政许可法第六十九条: a permit obtained by deception is revoked even after 办结.
    assert not [k for k in STEPS if k[0] in FINAL_STATES and k != (State.COMPLETED, Action.REVOKE_DECISION)]


def test_every_state_is_reachable_from_prereview():
    seen, frontier = {State.PREREVIEW}, [State.PREREVIEW]
    while frontier:
        current = frontier.pop()
        for step in STEPS.values():
            if step.source == current and step.target not in seen:
                seen.add(step.target)
                frontier.append(step.target)
    assert seen == set(State)


def test_the_clock_stops_exactly_in_supplement_and_special_procedure():
    assert CLOCK_STOPPED == {State.AWAITING_SUPPLEMENT, State.REVIEW_SUPPLEMENT, State.SPECIAL_PROCEDURE}
    assert not CLOCK_RUNNING & CLOCK_STOPPED


def test_an_instant_case_goes_from_intake_to_completion_at_the_window():
    state = State.PREREVIEW
    for action in (Action.ACCEPT, Action.DECIDE_INSTANTLY, Action.PREPARE_DELIVERY, Action.DELIVER):
        step = step_for(state, action)
        assert Role.CLERK in step.roles
        state = step.target
    assert state == State.COMPLETED


def test_an_approver_has_no_row_at_the_window_in_prereview():
    assert not [s for (state, _), s in STEPS.items() if state == State.PREREVIEW and Role.APPROVER in s.roles]


def test_docs_workflow_is_the_table_as_it_stands():
    """docs/workflow.md is generated (`yichuang show_workflow > docs/workflow.md`); it may not drift."""
    import pathlib

    from yichuang.cases.workflow_doc import workflow_page

    page = pathlib.Path(__file__).resolve().parents[3] / "docs" / "workflow.md"
    assert page.read_text(encoding="utf-8") == workflow_page()
