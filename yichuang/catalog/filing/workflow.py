"""The one transition table of a township's 实施清单: (state, action) → (new state, who may act).
Services look transitions up here and nowhere else; a pair not in the table is refused.

    draft --submit--> submitted --file--> filed --publish--> published
      ^                   |
      +--return(reasons)--+   (returned lists are edited and submitted again)

`township` acts at the list's own site (its head or administrator); `county` at the county
centre above it (its head or catalogue administrator). A township never files its own list.
"""

from __future__ import annotations

from django.db import models

from yichuang.common.errors import DomainError, Problem


class State(models.TextChoices):
    DRAFT = "draft", "编制中"
    SUBMITTED = "submitted", "已报送备案"
    RETURNED = "returned", "已退回修改"
    FILED = "filed", "已备案"
    PUBLISHED = "published", "已公布"


class Action(models.TextChoices):
    EDIT = "edit", "增删事项"
    SUBMIT = "submit", "报送备案"
    FILE = "file", "备案"
    RETURN = "return", "退回修改"
    PUBLISH = "publish", "公布"


TOWNSHIP, COUNTY = "township", "county"
S, A = State, Action

TRANSITIONS: dict[tuple[State, Action], tuple[State, str]] = {
    (S.DRAFT, A.EDIT): (S.DRAFT, TOWNSHIP),
    (S.RETURNED, A.EDIT): (S.RETURNED, TOWNSHIP),
    (S.DRAFT, A.SUBMIT): (S.SUBMITTED, TOWNSHIP),
    (S.RETURNED, A.SUBMIT): (S.SUBMITTED, TOWNSHIP),
    (S.SUBMITTED, A.FILE): (S.FILED, COUNTY),
    (S.SUBMITTED, A.RETURN): (S.RETURNED, COUNTY),
    (S.FILED, A.PUBLISH): (S.PUBLISHED, TOWNSHIP),
}

OPEN_STATES = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.FILED)


def transition(state: str, action: str) -> tuple[State, str]:
    state, action = State(state), Action(action)
    found = TRANSITIONS.get((state, action))
    if found is None:
        allowed = "、".join(a.label for (s, a) in TRANSITIONS if s == state) or "无(清单已公布)"
        raise DomainError(
            Problem(
                "transition_not_allowed",
                f"实施清单处于“{state.label}”状态,不能“{action.label}”。此状态下可以:{allowed}。",
                "action",
            )
        )
    return found


def allowed_actions(state: str, side: str) -> set[str]:
    return {a for (s, a), (_, who) in TRANSITIONS.items() if s == state and who == side}
