"""The one transition table of a rectification ticket (整改单): state × action → state.
Services look transitions up here and nowhere else; a pair not in the table is refused.

    verifying --verify--> rectifying --rectify--> calling_back --call_back--> called_back --close--> closed
                              ^                         |
                              +--------reopen-----------+   (the rater is still not satisfied)

Who acts is decided by `permissions.may_handle_ticket` (the site's head or a supervisor): every
action of this loop belongs to the same people, so the table carries no roles.
"""

from __future__ import annotations

from django.db import models

from yichuang.common.errors import DomainError, Problem


class State(models.TextChoices):
    VERIFYING = "verifying", "待核实"
    RECTIFYING = "rectifying", "整改中"
    CALLING_BACK = "calling_back", "待回访"
    CALLED_BACK = "called_back", "已回访"
    CLOSED = "closed", "已办结"


class Action(models.TextChoices):
    OPEN = "open", "立单"
    VERIFY = "verify", "核实"
    RECTIFY = "rectify", "整改"
    CALL_BACK = "call_back", "回访"
    REOPEN = "reopen", "回访不满意,重新整改"
    CLOSE = "close", "办结"


S, A = State, Action

TRANSITIONS: dict[tuple[State, Action], State] = {
    (S.VERIFYING, A.VERIFY): S.RECTIFYING,
    (S.RECTIFYING, A.RECTIFY): S.CALLING_BACK,
    (S.CALLING_BACK, A.CALL_BACK): S.CALLED_BACK,
    (S.CALLING_BACK, A.REOPEN): S.RECTIFYING,
    (S.CALLED_BACK, A.CLOSE): S.CLOSED,
}


def transition(state: str, action: str) -> State:
    state, action = State(state), Action(action)
    target = TRANSITIONS.get((state, action))
    if target is None:
        allowed = "、".join(a.label for (s, a) in TRANSITIONS if s == state) or "无(整改单已办结)"
        raise DomainError(
            Problem(
                "transition_not_allowed",
                f"整改单处于“{state.label}”状态,不能“{action.label}”。此状态下可以:{allowed}。",
                "action",
            )
        )
    return target


def next_action(state: str) -> Action | None:
    """The step the page offers next (reopen is a result of the call-back, not a button)."""
    return next((a for (s, a) in TRANSITIONS if s == state and a != A.REOPEN), None)
