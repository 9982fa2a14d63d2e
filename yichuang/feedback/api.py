"""REST API of the feedback loop (R-50, R-51): rate a case or a window encounter, read tickets
and move them through verify → rectify → call back → close. Thin: validate the shape, call one
service, shape the answer. Refusals are structured (yichuang.common.errors): DomainError 400,
NotAllowed 403, Conflict 409; a case or ticket the caller may not see is 404. Writes honour
`Idempotency-Key`."""

from __future__ import annotations

from django.contrib.auth import get_user
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from yichuang.common.errors import DomainError, Problem
from yichuang.common.idempotency import KEY_HEADER, idempotent

from . import device, permissions, selectors, services
from .models import Rectification, RectificationStep
from .models.rating import Channel, Level
from .workflow import Action, State

TAG = "好差评与整改"
KEY_PARAM = OpenApiParameter(
    KEY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="客户端生成的唯一键(如UUID);重试时使用同一键,不会重复登记。",
)
TABLET_PARAM = OpenApiParameter(
    device.HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="评价器的设备凭据(绑定时发放;浏览器中为 Cookie,原生应用用此请求头)",
)


# ---------------------------------------------------------------- shapes


class RatingInput(serializers.Serializer):
    level = serializers.IntegerField(help_text="5 非常满意 … 1 非常不满意")
    indicators = serializers.ListField(
        child=serializers.CharField(max_length=32),
        required=False,
        default=list,
        max_length=10,
        help_text="差评时不满意的方面(指标代码)",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class TabletRatingInput(RatingInput):
    token = serializers.CharField(max_length=64, help_text="工作人员邀请评价时生成的一次性凭据")


class RatingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    site = serializers.CharField(source="site.code")
    case = serializers.CharField(source="case.number", allow_null=True, default=None)
    window = serializers.IntegerField(source="window_id", allow_null=True)
    channel = serializers.ChoiceField(choices=Channel.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    level_label = serializers.CharField(source="get_level_display")
    indicators = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()
    ticket = serializers.SerializerMethodField()

    def get_ticket(self, rating) -> int | None:
        ticket = getattr(rating, "rectification", None) if rating.is_bad else None
        return ticket.pk if ticket else None


class StepOutput(serializers.Serializer):
    action = serializers.ChoiceField(choices=Action.choices)
    state = serializers.ChoiceField(choices=State.choices)
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    at = serializers.DateTimeField()
    note = serializers.CharField()
    result = serializers.CharField()


class TicketOutput(serializers.Serializer):
    id = serializers.IntegerField()
    site = serializers.CharField(source="site.code")
    source = serializers.ChoiceField(choices=Rectification.Source.choices)
    state = serializers.ChoiceField(choices=State.choices)
    state_label = serializers.CharField(source="get_state_display")
    opened_on = serializers.DateField()
    due_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField(source="is_overdue")
    rating = serializers.IntegerField(source="rating_id", allow_null=True)
    level = serializers.IntegerField(source="rating.level", allow_null=True, default=None)
    reason = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField(help_text="办不成事反映人的电话(部分隐藏)")

    def get_reason(self, ticket) -> str:
        return ticket.rating.reason if ticket.rating_id else ticket.report.matter

    def get_phone(self, ticket) -> str:
        return ticket.report.masked_phone if ticket.report_id else ""


class TicketDetailOutput(TicketOutput):
    steps = StepOutput(many=True, source="step_rows")


class StepInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    result = serializers.ChoiceField(
        choices=RectificationStep.Result.choices, required=False, help_text="回访结果(仅回访环节)"
    )


# ---------------------------------------------------------------- ratings


class CaseRatingView(GenericAPIView):
    serializer_class = RatingInput

    @extend_schema(
        tags=[TAG],
        operation_id="feedback_rate_case",
        request=RatingInput,
        responses={201: RatingOutput},
        parameters=[KEY_PARAM],
        summary="申请人评价自己的办件(网上 一事一评)",
    )
    @idempotent()
    def post(self, request, number: str):
        if permissions.is_staff_member(request.user) and not permissions.applicant_ids(request.user):
            raise PermissionDenied("工作人员不能评价本中心的服务。")
        case = selectors.rateable_case(request.user, number)
        if case is None:
            raise NotFound("未找到该办件。")
        data = self._valid(request)
        rating = services.rate_case(case, request.user, **data)
        return Response(RatingOutput(rating).data, status=status.HTTP_201_CREATED)

    def _valid(self, request) -> dict:
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)


class TabletRatingView(CaseRatingView):
    """The bound tablet's rating. No staff login: the tablet authenticates with its device token
    (its cookie, or the X-Yichuang-Tablet header of a native app); a staff session of the site
    is refused, so a clerk cannot rate themselves (issue 13)."""

    serializer_class = TabletRatingInput
    authentication_classes: list = []  # the device token is the credential; never a session
    permission_classes = [AllowAny]

    @extend_schema(
        tags=[TAG],
        operation_id="feedback_rate_encounter",
        request=TabletRatingInput,
        responses={201: RatingOutput},
        parameters=[TABLET_PARAM],
        summary="已绑定的窗口评价器提交一次评价(现场 一次一评)",
    )
    # No Idempotency-Key: the encounter's one-time token already makes a retry harmless (409
    # encounter_closed), and stored answers are keyed per user, which a tablet is not.
    def post(self, request):
        tablet = device.device_of(request)
        if tablet is None:  # 400, not 401: there is no login that would help
            raise DomainError(Problem("tablet_not_bound", "本设备不是已绑定的窗口评价器,不能提交窗口评价。", "device"))
        data = self._valid(request)
        # The session is read only to refuse staff: it never authenticates this request (DRF has
        # replaced request.user with AnonymousUser, so read the session's user directly).
        rating = services.rate_encounter(data.pop("token"), device=tablet, rater=get_user(request._request), **data)
        return Response(RatingOutput(rating).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- tickets


def _require_handler(request) -> None:
    if not permissions.handles_tickets(request.user):
        raise PermissionDenied("只有中心负责人或监察人员可以查看整改单。")


def _ticket(request, pk: int) -> Rectification:
    _require_handler(request)
    ticket = selectors.ticket_for(request.user, pk)
    if ticket is None:
        raise NotFound("未找到该整改单。")
    ticket.step_rows = list(selectors.ticket_steps(ticket))
    return ticket


class TicketListView(GenericAPIView):
    serializer_class = TicketOutput

    @extend_schema(
        tags=[TAG],
        operation_id="feedback_tickets",
        responses={200: TicketOutput(many=True)},
        parameters=[OpenApiParameter("state", OpenApiTypes.STR, enum=State.values, required=False)],
        summary="本中心(及所监察站点)的整改单,超期的在前",
    )
    def get(self, request):
        _require_handler(request)
        qs = selectors.tickets_for(request.user, state=request.query_params.get("state") or None)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(TicketOutput(page, many=True).data)


class TicketDetailView(GenericAPIView):
    serializer_class = TicketDetailOutput

    @extend_schema(
        tags=[TAG],
        operation_id="feedback_ticket",
        responses={200: TicketDetailOutput},
        summary="一张整改单及其办理记录",
    )
    def get(self, request, pk: int):
        return Response(TicketDetailOutput(_ticket(request, pk)).data)


class TicketActionView(GenericAPIView):
    serializer_class = StepInput
    action_name = ""

    @extend_schema(
        tags=[TAG],
        request=StepInput,
        responses={200: TicketDetailOutput},
        parameters=[KEY_PARAM],
        summary="整改单的一个环节:核实、整改、回访或办结",
    )
    @idempotent()
    def post(self, request, pk: int):
        ticket = _ticket(request, pk)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = body.validated_data["note"]
        if self.action_name == Action.CALL_BACK:
            services.call_back(ticket, request.user, body.validated_data.get("result", ""), note)
        else:
            {Action.VERIFY: services.verify, Action.RECTIFY: services.rectify, Action.CLOSE: services.close}[
                self.action_name
            ](ticket, request.user, note)
        return Response(TicketDetailOutput(_ticket(request, pk)).data)


def ticket_action_view(action: str):
    return extend_schema_view(post=extend_schema(operation_id=f"feedback_ticket_{action}"))(
        type(f"Ticket{action.title().replace('_', '')}View", (TicketActionView,), {"action_name": action})
    ).as_view()
