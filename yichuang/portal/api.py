"""智能导办 as an API, for a county's app or a self-service kiosk: public, rate-limited."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from yichuang.catalog import selectors as catalog
from yichuang.common.errors import DomainError, Problem

from . import guide

SUGGESTION_FIELDS = {
    "kind": serializers.ChoiceField(choices=["item", "bundle"]),
    "key": serializers.CharField(),
    "title": serializers.CharField(),
    "site": serializers.CharField(help_text="办理站点编码;空:由申请人所在的乡镇(街道)办理"),
    "basic_code": serializers.CharField(),
    "department": serializers.CharField(),
    "address": serializers.CharField(help_text="办理地址"),
    "matched": serializers.ListField(child=serializers.CharField(), help_text="推荐理由:需求中匹配的词"),
    "score": serializers.FloatField(),
}


@extend_schema(
    summary="智能导办:用平常的话说出要办的事,返回事项和一件事(按相关度排序)",
    parameters=[
        OpenApiParameter("site", OpenApiTypes.STR, required=True, description="站点编码"),
        OpenApiParameter("need", OpenApiTypes.STR, required=True, description="办事需求,60字以内"),
    ],
    responses={
        200: inline_serializer(
            "SmartGuideAnswer", {"results": inline_serializer("SmartGuideSuggestion", SUGGESTION_FIELDS, many=True)}
        )
    },
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([AnonRateThrottle])
def smart_guide(request):
    code = request.query_params.get("site", "")
    site = catalog.get_public_site(code[:32]) if code.isprintable() else None  # a NUL would be a 500 on PostgreSQL
    if site is None:
        raise DomainError(Problem("unknown_site", "没有这个站点,请填写站点编码。", "site"))
    found = guide.suggest(site, request.query_params.get("need", ""))
    return Response(
        {
            "results": [
                {
                    "kind": s.kind,
                    "key": s.key,
                    "title": s.title,
                    "site": s.site.code if s.site else "",
                    "basic_code": s.basic_code,
                    "department": s.department,
                    "address": s.address,
                    "matched": s.matched,
                    "score": s.score,
                }
                for s in found
            ]
        }
    )
