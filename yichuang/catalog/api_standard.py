"""Public API of the standard items (基本目录事项): one basic code and every site that offers it,
each implementation with its delegation mode (R-05, R-10). Throttled like the guide API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from . import implementations
from .api import TAG, PublicView, S, doc_serializer

ImplementationSerializer = doc_serializer(
    "StandardItemImplementation",
    {
        "site_code": S("站点编码"),
        "site_name": S("站点名称"),
        "site_level": S("站点层级"),
        "department": S("实施主体"),
        "implementation_code": S("实施编码(基本编码 + 实施主体统一社会信用代码)"),
        "delegation_mode": serializers.ChoiceField(
            choices=["own", "devolved", "entrusted", "entrusted_intake", "stationed"],
            help_text="承接方式代码:own 本级实施、devolved 下放、entrusted 委托、entrusted_intake 委托收件、stationed 派驻",
        ),
        "delegation_mode_label": S("承接方式"),
        "entrusting_body": S("委托部门(委托、委托收件时)"),
    },
)
StandardItemSerializer = doc_serializer(
    "StandardItem",
    {
        "basic_code": S("基本编码"),
        "name": S("事项名称"),
        "item_type": S("事项类型"),
        "legal_basis": S("设定依据"),
        "implementations": ImplementationSerializer(many=True, help_text="公布该事项的站点及各自的承接方式"),
    },
)


class StandardItemDetail(PublicView):
    serializer_class = StandardItemSerializer
    pagination_class = None

    @extend_schema(
        tags=[TAG],
        summary="基本目录事项及其实施站点",
        description="同一基本编码的事项在哪些站点公布、由谁实施、以何种方式承接(本级、下放、委托、委托收件、派驻)。",
    )
    def get(self, request, basic_code: str):
        standard = implementations.get_standard(basic_code)
        if standard is None:
            raise NotFound("没有该基本编码的事项。")
        return Response(StandardItemSerializer(implementations.standard_document(standard)).data)
