"""One endpoint per case action, generated from the table of steps (cases.steps):
POST /api/v1/cases/<number>/<action-slug>/ with the action's input as its body.

A view class is made per action so the OpenAPI schema documents each action's own request
body, summary and description, all read from the table. Every action answers with the case
detail as it now stands.

Order in each request: the case must be visible to the user (else 404, for writes as for
reads, so existence does not leak), then the input is validated by the action's serializer,
then `steps.perform` decides (state, role and site, guard, then the service's own rules).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound

from yichuang.common.idempotency import idempotent

from .. import selectors, steps
from . import representations as out
from .views import ERRORS, KEY_PARAM, TAG, CasesAPIView


def _roles_line(act: steps.Act) -> str:
    rows = [s for s in steps.STEPS.values() if s.act is act]
    return ";".join(
        f"{s.source.label}→{s.target.label}:{s.where.label}的{'、'.join(r.label for r in steps.Role if r in s.roles)}"
        for s in rows
    )


def action_view(act: steps.Act) -> type[CasesAPIView]:
    class ActionView(CasesAPIView):
        serializer_class = act.input

        @extend_schema(
            tags=[TAG],
            operation_id="cases_" + act.action.value,
            summary=act.label,
            description=f"{act.description}\n\n可办理:{_roles_line(act)}。",
            request=act.input,
            parameters=[KEY_PARAM],
            responses={200: out.CaseDetailSerializer, **ERRORS},
        )
        @idempotent()
        def post(self, request, number: str):
            data = self.get_serializer(data=request.data)
            case = selectors.lock_visible_case(self.actor, number)
            if case is None:  # before the input is judged: an unknown case is a 404 whatever was sent
                raise NotFound("未找到该办件。")
            data.is_valid(raise_exception=True)
            steps.perform(case, self.actor, act.action, dict(data.validated_data), locked=True)
            return self.detail_response(number)

    name = "".join(part.title() for part in act.slug.split("-"))
    ActionView.__name__ = ActionView.__qualname__ = f"Case{name}View"
    return ActionView


def urlpatterns() -> list:
    return [
        path(f"cases/<str:number>/{act.slug}/", action_view(act).as_view(), name=act.slug)
        for act in steps.ACTS.values()
    ]
