"""One endpoint per case action, generated from the table of steps (cases.steps):
POST /api/v1/cases/<number>/<action-slug>/ with the action's input as its body.

A view class is made per action so the OpenAPI schema documents each action's own request
body, summary and description, all read from the table.

Every action answers with the step's answer: the case's state, decision and dates as the step
left them, read from the locked row `steps.perform` already holds — nothing is read back
(issue 14 §5: the full view re-read was two thirds of an action's CPU). The full view, with
materials, notices, tasks and the actions now offered, is `GET /api/v1/cases/<number>/`,
named in the answer's `detail` and its Location header.

Order in each request: the case must be visible to the user (else 404, for writes as for
reads, so existence does not leak), then the input is validated by the action's serializer,
then `steps.perform` decides (state, role and site, guard, then the service's own rules).
"""

from __future__ import annotations

import contextlib

from django.db import transaction
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from yichuang.common.idempotency import KEY_HEADER, idempotent

from .. import selectors, steps
from ..workflow import State
from . import representations as out
from .views import ERRORS, KEY_PARAM, TAG, CasesAPIView


def _roles_line(act: steps.Act) -> str:
    rows = [s for s in steps.STEPS.values() if s.act is act]
    return ";".join(
        f"{s.source.label}→{s.target.label}:{s.where.label}的{'、'.join(r.label for r in steps.Role if r in s.roles)}"
        for s in rows
    )


def step_answer(case, action: steps.Action, detail: str) -> dict:
    """What a step answers: the locked case as the step left it (no query)."""
    return {
        "number": case.number,
        "step": action.value,
        "state": case.state,
        "state_label": State(case.state).label,
        "decision": case.decision,
        "accepted_on": out._d(case.accepted_on),
        "due_date": out._d(case.due_date),
        "statutory_due_date": out._d(case.statutory_due_date),
        "suspended_days": case.suspended_days,
        "extended_days": case.extended_days,
        "decided_at": out._dt(case.decided_at),
        "completed_at": out._dt(case.completed_at),
        "detail": detail,
    }


StepAnswerSerializer = out.doc_class(
    "CaseStepAnswer",
    {
        "number": out.S("办件编号"),
        "step": out.S("刚办理的动作代码"),
        "state": out.S("办理后的状态"),
        "state_label": out.S("状态(中文)"),
        "decision": out.S("决定(granted 准予 / denied 不予;未决定为空)"),
        "accepted_on": serializers.DateField(help_text="受理日期", allow_null=True),
        "due_date": serializers.DateField(help_text="承诺办结日期", allow_null=True),
        "statutory_due_date": serializers.DateField(help_text="法定办结日期", allow_null=True),
        "suspended_days": out.N("暂停计时(工作日)"),
        "extended_days": out.N("延期(工作日)"),
        "decided_at": serializers.DateTimeField(allow_null=True, help_text="决定时间"),
        "completed_at": serializers.DateTimeField(allow_null=True, help_text="办结时间"),
        "detail": out.S("办件详情的地址(GET):材料、告知书、联办、送达及此时可办理的动作"),
    },
)


def action_view(act: steps.Act) -> type[CasesAPIView]:
    class ActionView(CasesAPIView):
        serializer_class = act.input

        @extend_schema(
            tags=[TAG],
            operation_id="cases_" + act.action.value,
            summary=act.label,
            description=f"{act.description}\n\n可办理:{_roles_line(act)}。\n\n"
            "应答为办理后的状态、决定和期限;完整详情见 detail(GET)。",
            request=act.input,
            parameters=[KEY_PARAM],
            responses={200: StepAnswerSerializer, **ERRORS},
        )
        @idempotent()
        def post(self, request, number: str):
            data = self.get_serializer(data=request.data)
            # One transaction for the lock and the step: the idempotency claim's when a key came
            # (`idempotent` opened it and rolls it back on any refusal), else one of its own.
            # `perform(locked=True)` takes no savepoint inside it.
            claimed = KEY_HEADER in request.headers
            with contextlib.nullcontext() if claimed else transaction.atomic():
                case = selectors.lock_visible_case(self.actor, number)
                if case is None:  # before the input is judged: an unknown case is a 404 whatever was sent
                    raise NotFound("未找到该办件。")
                data.is_valid(raise_exception=True)
                steps.perform(case, self.actor, act.action, dict(data.validated_data), locked=True)
            detail = reverse("cases-api:case", args=[case.number])
            return Response(step_answer(case, act.action, detail), headers={"Location": detail})

    name = "".join(part.title() for part in act.slug.split("-"))
    ActionView.__name__ = ActionView.__qualname__ = f"Case{name}View"
    return ActionView


def urlpatterns() -> list:
    return [
        path(f"cases/<str:number>/{act.slug}/", action_view(act).as_view(), name=act.slug)
        for act in steps.ACTS.values()
    ]
