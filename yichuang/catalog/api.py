"""Public, read-only API of the service guides (R-11, R-12, R-16). No login; anonymous callers
are throttled by DRF's AnonRateThrottle (settings.REST_FRAMEWORK).

The serializers below describe `guide.guide_document()` for the OpenAPI schema and pass it
through unchanged; a field missing here would be dropped from the response, which the test
"API equals guide_document" would catch.
"""

from __future__ import annotations

from django.db.models import Count, Window
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from yichuang.common.pagination import StrictLimitOffsetPagination

from . import guide, selectors

TAG = "办事指南(公开)"


def S(help_text: str):
    return serializers.CharField(help_text=help_text)


def I(help_text: str, null: bool = False):  # noqa: E743 — short on purpose, like S
    return serializers.IntegerField(help_text=help_text, allow_null=null)


def doc_serializer(name: str, fields: dict) -> type[serializers.Serializer]:
    return type(name, (serializers.Serializer,), dict(fields))


SiteSerializer = doc_serializer(
    "GuideSite",
    {
        "code": S("站点编码"),
        "name": S("站点名称"),
        "level": S("层级(县级中心 / 镇(街道)中心 / 村(社区)站)"),
        "address": S("地址"),
        "hours": S("办公时间"),
        "phone": S("咨询电话"),
        "complaint_phone": S("投诉电话"),
    },
)
PublicSiteSerializer = doc_serializer(
    "PublicSite",
    {
        **{k: v for k, v in SiteSerializer._declared_fields.items()},
        "parent_code": serializers.CharField(help_text="上级中心编码", allow_null=True),
    },
)
ItemSummarySerializer = doc_serializer(
    "GuideItemSummary",
    {
        "basic_code": S("基本编码"),
        "name": S("事项名称"),
        "department": S("实施主体"),
        "item_type": S("事项类型"),
        "case_kind": S("办件类型"),
        "promised_days": I("承诺办结时限(工作日)", null=True),
        "promised": S("承诺时限(文字)"),
        "fees": S("是否收费"),
    },
)
LabelValueSerializer = doc_serializer("GuideLabelValue", {"label": S("项目"), "value": S("内容")})
GuideSerializer = doc_serializer(
    "GuideDocument",
    {
        "site": SiteSerializer(help_text="办理站点"),
        "item": doc_serializer(
            "GuideItem",
            {
                "name": S("事项名称"),
                "basic_code": S("基本编码"),
                "implementation_code": S("实施编码"),
                "handling_code": S("业务办理项编码"),
                "version": I("版本号"),
                "published_on": S("发布日期"),
                "item_type": S("事项类型"),
                "legal_basis": S("设定依据"),
                "power_source": S("权力来源"),
                "exercise_level": S("行使层级"),
                "department": S("实施主体"),
                "department_phone": S("实施主体电话"),
                "supervising_department": S("行业主管部门"),
                "entrusting_body": S("委托部门"),
                "delegation_mode": S("承接方式"),
                "service_object": S("服务对象"),
                "keywords": S("关键词"),
                "effective_date": S("生效日期"),
                "cancel_date": S("取消日期"),
                "tags": serializers.ListField(child=S("标签"), help_text="办理方式标签(即办件、网上办、最多跑一次……)"),
            },
        )(help_text="基本信息"),
        "time_limit": doc_serializer(
            "GuideTimeLimit",
            {
                "case_kind": S("办件类型"),
                "handling_mode": S("办理模式"),
                "statutory_days": I("法定办结时限(工作日)", True),
                "statutory": S("法定时限(文字)"),
                "statutory_note": S("法定时限说明"),
                "promised_days": I("承诺办结时限(工作日)", True),
                "promised": S("承诺时限(文字)"),
                "promised_note": S("承诺时限说明"),
            },
        )(help_text="办理时限"),
        "conditions": doc_serializer(
            "GuideConditions",
            {
                "text": S("受理条件"),
                "rules": doc_serializer("GuideRule", {"stage": S("适用阶段"), "sentence": S("条件说明")})(many=True),
            },
        )(help_text="受理与审批条件"),
        "materials": doc_serializer(
            "GuideMaterial",
            {
                "order": I("序号"),
                "name": S("材料名称"),
                "kind": S("材料类型"),
                "form": S("材料形式"),
                "necessity": S("必要性"),
                "source": S("来源渠道"),
                "issuing_body": S("核发部门"),
                "copies": I("份数"),
                "spec": S("规格"),
                "acceptance_standard": S("受理标准"),
                "basis": S("材料依据"),
                "blank_form": S("空白表格"),
                "sample": S("示例样表"),
                "commitment": S("告知承诺"),
                "note": S("说明(政府部门核发的材料由窗口调取)"),
            },
        )(many=True, help_text="申请材料"),
        "fees": doc_serializer(
            "GuideFees",
            {
                "summary": S("是否收费"),
                "items": doc_serializer(
                    "GuideFee",
                    {
                        "name": S("收费项目"),
                        "standard": S("收费标准"),
                        "basis": S("收费依据"),
                        "reducible": S("是否可减免"),
                    },
                )(many=True),
            },
        )(help_text="收费"),
        "procedure": doc_serializer(
            "GuideProcedure",
            {
                "text": S("办理流程说明"),
                "steps": doc_serializer(
                    "GuideStep",
                    {
                        "order": I("序号"),
                        "name": S("环节名称"),
                        "actor": S("办理人员(岗位)"),
                        "days": I("环节时限(工作日)"),
                        "limit": S("环节时限(文字)"),
                        "description": S("办理标准"),
                        "special": S("是否含特别程序"),
                    },
                )(many=True),
                "total": S("各环节时限合计"),
                "special_procedures": doc_serializer(
                    "GuideSpecialProcedure",
                    {
                        "kind": S("特别程序"),
                        "max_days": I("时限(工作日)"),
                        "limit": S("时限(文字)"),
                        "description": S("说明"),
                        "note": S("不计入办理时限"),
                    },
                )(many=True),
                "special_note": S("特别程序说明"),
            },
        )(help_text="办理流程"),
        "flowchart": doc_serializer(
            "GuideFlowchart",
            {
                "start": S("起点"),
                "nodes": doc_serializer(
                    "GuideFlowNode", {"order": I("序号"), "name": S("环节"), "actor": S("办理人员"), "limit": S("时限")}
                )(many=True),
                "side_notes": doc_serializer(
                    "GuideFlowNote", {"after_step": I("附在第几步旁"), "text": S("特别程序说明")}
                )(many=True),
                "end": S("终点(审批结果)"),
            },
        )(help_text="流程图数据"),
        "result": doc_serializer(
            "GuideResult", {"type": S("审批结果类型"), "name": S("审批结果名称"), "sample": S("审批结果样本")}
        )(help_text="审批结果"),
        "convenience": LabelValueSerializer(many=True, help_text="便民服务(现场次数、网办深度、通办、预约、快递……)"),
        "place": doc_serializer("GuidePlace", {"location": S("办理地点"), "hours": S("办理时间")})(
            help_text="办理地点与时间"
        ),
        "contacts": doc_serializer(
            "GuideContacts",
            {
                "consult_phone": S("咨询电话"),
                "complaint_phone": S("监督投诉电话"),
                "review_body": S("行政复议机关"),
                "litigation_body": S("行政诉讼法院"),
            },
        )(help_text="咨询、投诉与救济"),
        "bundles": doc_serializer("GuideBundleRef", {"code": S("一件事编码"), "name": S("一件事名称")})(
            many=True, help_text="所属一件事"
        ),
    },
)
BundleSerializer = doc_serializer(
    "GuideBundle",
    {
        "code": S("一件事编码"),
        "name": S("名称"),
        "description": S("说明"),
        "keywords": S("关键词"),
        "items": doc_serializer(
            "GuideBundleItem",
            {
                "basic_code": S("基本编码"),
                "site_code": S("办理站点编码"),
                "name": S("事项名称"),
                "offered": S("由哪里办理"),
                "place": S("办理地址"),
            },
        )(many=True),
        "materials": doc_serializer(
            "GuideBundleMaterial",
            {
                "name": S("材料名称"),
                "necessity": S("必要性"),
                "note": S("说明"),
                "used_by": serializers.ListField(child=S("事项名称"), help_text="需要该材料的事项"),
                "shared": S("共用材料只需提交一次"),
            },
        )(many=True, help_text="合并后的申请材料(共用材料只列一次)"),
    },
)

SITE_NOT_FOUND = "未找到该服务中心(站点)。"


class SearchPagination(StrictLimitOffsetPagination):
    """Counts the matches in the same query as the page (COUNT(*) OVER ()): a search scans the
    items once instead of twice (page + COUNT), which halves the API's database time."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request, self.limit = request, self.get_limit(request)
        self.offset = self.get_offset(request)
        rows = list(queryset.annotate(total=Window(Count("id")))[self.offset : self.offset + self.limit])
        self.count = rows[0]["total"] if rows else (queryset.count() if self.offset else 0)
        self.display_page_controls = self.count > self.limit and self.template is not None
        return rows


class PublicView(GenericAPIView):
    permission_classes = [AllowAny]
    pagination_class = StrictLimitOffsetPagination

    def get_site(self):
        site = selectors.get_public_site(self.kwargs["site_code"])
        if site is None:
            raise NotFound(SITE_NOT_FOUND)
        return site


class PublicList(PublicView, ListAPIView):
    """A paginated list whose rows are documents built by `guide`, not model instances."""

    def rows(self):
        raise NotImplementedError

    def to_document(self, obj) -> dict:
        return obj

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.rows())
        return self.get_paginated_response(self.get_serializer([self.to_document(o) for o in page], many=True).data)


class SiteList(PublicList):
    serializer_class = PublicSiteSerializer

    @extend_schema(
        tags=[TAG],
        summary="服务中心(站点)列表",
        description="公开的县级政务服务中心、镇(街道)便民服务中心和村(社区)便民服务站,按编码排序。",
    )
    def get(self, request, *args, **kwargs):
        return self.list(request)

    def rows(self):
        return list(selectors.public_sites())

    def to_document(self, site) -> dict:
        return {**guide.site_info(site), "parent_code": site.parent.code if site.parent_id else None}


class SiteItemList(PublicList):
    serializer_class = ItemSummarySerializer
    pagination_class = SearchPagination

    @extend_schema(
        tags=[TAG],
        summary="站点公布的事项(可检索)",
        description="站点实施清单中已发布的事项。q 为检索词:空格分隔多个词,每个词都须命中(同义词扩展,"
        "如“社保”也找“社会保障”),事项名称命中的排在前面。q 为空时返回全部事项。",
        parameters=[OpenApiParameter("q", str, description="检索词,如“社保 补办”;最多50个字、5个词。")],
    )
    def get(self, request, *args, **kwargs):
        return self.list(request)

    def rows(self):
        return selectors.search_queryset(self.get_site(), self.request.query_params.get("q"))

    def to_document(self, row) -> dict:
        return guide.item_summary(row)


class SiteBundleList(PublicList):
    serializer_class = BundleSerializer

    @extend_schema(
        tags=[TAG],
        summary="站点的一件事",
        description="该站点可办的一件事(生活事件),含所含事项和合并后的申请材料,共用材料只列一次。",
    )
    def get(self, request, *args, **kwargs):
        return self.list(request)

    def rows(self):
        self.site = self.get_site()
        return list(selectors.site_bundles(self.site))

    def to_document(self, bundle) -> dict:
        return guide.bundle_document(self.site, bundle)


class ItemGuide(PublicView):
    serializer_class = GuideSerializer
    pagination_class = None

    @extend_schema(
        tags=[TAG],
        summary="办事指南全文",
        description="事项在该站点的完整办事指南,与网页和打印版同源:基本信息、时限、条件、材料、收费、"
        "流程与流程图、特别程序、办理地点时间、咨询投诉、所属一件事。",
    )
    def get(self, request, site_code: str, basic_code: str):
        site_item = selectors.get_site_item(self.get_site(), basic_code)
        if site_item is None:
            raise NotFound("该站点未公布此事项。")
        return Response(GuideSerializer(guide.guide_document(site_item)).data)
