"""REST API of supervision (thin). 双反馈 comes from the supervising department's system, signed
with the route's HMAC secret instead of a session: machine to machine, no CSRF, no user."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import uuid

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from yichuang.common.errors import DomainError, Problem

from . import linkage, scorecards, selectors
from .access import watched_site_ids
from .models import Notice

MAX_CLOCK_SKEW = 300  # seconds a signed request may be old (or early): stops replays


class ResultIn(serializers.Serializer):
    """Documents the body; the view reads the raw bytes (they are what was signed)."""

    event_id = serializers.UUIDField(help_text="双告知推送中的 event_id")
    feedback_id = serializers.CharField(max_length=64, help_text="监管部门的反馈编号(幂等键)")
    outcome = serializers.ChoiceField(choices=["compliant", "rectify", "penalised"])
    opinion = serializers.CharField(max_length=500)
    inspected_on = serializers.DateField()


class ResultOut(serializers.Serializer):
    feedback_id = serializers.CharField()
    case = serializers.CharField()
    outcome = serializers.CharField()
    received_at = serializers.DateTimeField()


class AlertOut(serializers.Serializer):
    id = serializers.IntegerField()
    rule = serializers.CharField()
    rule_label = serializers.CharField()
    site = serializers.CharField()
    case = serializers.CharField()
    message = serializers.CharField()
    status = serializers.CharField()
    raised_at = serializers.DateTimeField()


SIGNATURE_PARAMETERS = [
    OpenApiParameter("X-Yichuang-Timestamp", str, OpenApiParameter.HEADER, required=True, description="Unix 秒"),
    OpenApiParameter(
        "X-Yichuang-Signature",
        str,
        OpenApiParameter.HEADER,
        required=True,
        description='sha256=HMAC-SHA256(路由密钥, "<timestamp>.<原始请求体>") 的十六进制',
    ),
]


def json_object(raw: bytes) -> dict:
    """The body as a JSON object, or a 400 with its code: a list, a string or a number is valid
    JSON but not a result (`data.get` on it was a 500)."""
    try:
        data = json.loads(raw or b"{}")
    except ValueError:  # also bytes that are not UTF-8 (UnicodeDecodeError is a ValueError)
        raise DomainError(Problem("invalid_json", "请求体不是有效的 JSON。")) from None
    if not isinstance(data, dict):
        raise DomainError(Problem("body_not_object", '请求体应为 JSON 对象,如 {"event_id": …}。'))
    return data


class ResultFeedbackView(APIView):
    """POST a 双反馈 result: JSON {event_id, feedback_id, outcome, opinion, inspected_on}, headers
    X-Yichuang-Timestamp and X-Yichuang-Signature = sha256=HMAC(secret, "<timestamp>.<body>")."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=ResultIn,
        responses={201: ResultOut, 200: ResultOut},
        parameters=SIGNATURE_PARAMETERS,
        summary="双反馈:监管部门反馈监管结果(HMAC 签名)",
    )
    def post(self, request):
        raw = request.body  # the exact bytes that were signed, read before parsing
        data = json_object(raw)
        try:
            event_id = uuid.UUID(str(data.get("event_id", "")))
            notice = Notice.objects.select_related("route__supervising_department", "case").get(event_id=event_id)
        except (ValueError, Notice.DoesNotExist):
            raise NotFound("没有这条告知。")
        timestamp = request.headers.get("X-Yichuang-Timestamp", "")
        # ASCII digits only: str.isdigit() also admits "²", which int() then refuses with a 500.
        fresh = (
            re.fullmatch(r"[0-9]{1,12}", timestamp) is not None and abs(time.time() - int(timestamp)) <= MAX_CLOCK_SKEW
        )
        if not fresh or not linkage.verify(
            notice.route.secret, timestamp, raw, request.headers.get("X-Yichuang-Signature", "")
        ):
            raise PermissionDenied("签名无效或已过期。")
        try:
            inspected_on = dt.date.fromisoformat(str(data.get("inspected_on", "")))
        except ValueError:
            raise DomainError(Problem("invalid_date", "检查日期格式应为 YYYY-MM-DD。", "inspected_on"))
        result, created = linkage.record_result(
            notice,
            feedback_id=str(data.get("feedback_id", "")),
            outcome=str(data.get("outcome", "")),
            opinion=str(data.get("opinion", "")),
            inspected_on=inspected_on,
        )
        return Response(
            {
                "feedback_id": result.feedback_id,
                "case": notice.case.number,
                "outcome": result.outcome,
                "received_at": timezone.localtime(result.received_at).isoformat(),
            },
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class WatchersOnly(IsAuthenticated):
    message = "只有中心负责人和监察人员可以查看。"

    def has_permission(self, request, view):
        return super().has_permission(request, view) and bool(watched_site_ids(request.user))


class AlertListView(APIView):
    permission_classes = [WatchersOnly]

    @extend_schema(
        responses=AlertOut(many=True),
        summary="电子监察预警(本人可见站点)",
        parameters=[OpenApiParameter("status", str, description="open / acknowledged / closed")],
    )
    def get(self, request):
        alerts = selectors.visible_alerts(request.user, status=request.query_params.get("status", ""))[:200]
        return Response(
            [
                {
                    "id": a.pk,
                    "rule": a.rule,
                    "rule_label": a.get_rule_display(),
                    "site": a.site.code,
                    "case": a.case_number,
                    "message": a.message,
                    "status": a.status,
                    "raised_at": timezone.localtime(a.raised_at).isoformat(),
                }
                for a in alerts
            ]
        )


class ScorecardView(APIView):
    permission_classes = [WatchersOnly]

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        summary="成绩单(本人可见站点)",
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("by", str, description="county / site / window / staff / item / month"),
            OpenApiParameter("site", str, description="站点编码(含下级站点)"),
            OpenApiParameter("item", int),
        ],
    )
    def get(self, request):
        query = scorecards.parse_query(request.query_params, watched_site_ids(request.user))
        return Response(scorecards.as_json(scorecards.scorecard(query)))
