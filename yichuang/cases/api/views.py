"""Applicants, intake, and reading cases over the API. Thin: validate the input, resolve the
references it names, call one service, shape the answer. Workflow rules live in
`cases.services` and `cases.workflow`; their refusals arrive as structured errors
(`yichuang.common.errors`): DomainError 400 (also `transition_not_allowed`: the code says
what happened, the status that the request cannot be done as sent), NotAllowed 403,
Conflict 409, unknown or invisible case 404.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from yichuang.common import fastsql
from yichuang.common.errors import DomainError, Problem
from yichuang.common.idempotency import KEY_HEADER, idempotent
from yichuang.common.parsers import StrictJSONParser
from yichuang.people import services as people
from yichuang.people.models import Applicant, Authorisation
from yichuang.people.numbers import normalise_phone
from yichuang.people.selectors import find_applicant

from .. import selectors, services
from ..clock import ClockReading
from ..services import MaterialInput
from ..services.common import check_intake_staff
from . import representations as out
from . import serializers as inp
from .intake_input import read_intake

TAG = "办件"
MAX_BODY = 256 * 1024


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "请求内容过大。"
    default_code = "request_too_large"


class LimitedJSONParser(StrictJSONParser):
    """JSON only, read strictly (no infinity, NUL or 30-digit integers), of a sane size."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        except ValueError:
            length = 0
        if length > MAX_BODY:
            raise RequestTooLarge()
        return super().parse(stream, media_type, parser_context)


class IsStaff(BasePermission):
    """Staff of some site (a role anywhere). Also loads the roles once for the whole request."""

    message = "仅限政务服务工作人员使用。"
    code = "not_staff"

    def has_permission(self, request, view) -> bool:
        return bool(selectors.site_ids(request.user))


KEY_PARAM = OpenApiParameter(
    KEY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="幂等键(建议UUID):同一键的重试返回首次的响应,不会重复写入;同一键用于不同请求返回409。",
)
KEY_REQUIRED = OpenApiParameter(
    KEY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="幂等键(必填,建议UUID):重试不会产生第二个办件。",
)
ERRORS = {
    400: OpenApiResponse(out.ErrorSerializer, "输入有误(validation_failed)或业务规则不允许(如 transition_not_allowed)"),
    403: OpenApiResponse(out.ErrorSerializer, "未登录、非工作人员或角色不允许(role_not_allowed)"),
    404: OpenApiResponse(out.ErrorSerializer, "办件不存在或无权查看(不区分两者)"),
    409: OpenApiResponse(out.ErrorSerializer, "冲突:幂等键已用于另一个请求(idempotency_key_reused)等"),
}


class CasesAPIView(GenericAPIView):
    permission_classes = [IsAuthenticated, IsStaff]
    parser_classes = [LimitedJSONParser]

    @property
    def actor(self):
        return selectors.staff_user(self.request.user)

    def case_or_404(self, number: str):
        case = selectors.find_case(self.actor, number)
        if case is None:
            raise NotFound("未找到该办件。")
        return case

    def detail_response(self, number: str) -> Response:
        view = selectors.case_view(self.actor, number)
        if view is None:
            raise NotFound("未找到该办件。")
        return Response(out.case_detail(view, self.actor))


class ApplicantCreate(CasesAPIView):
    serializer_class = inp.ApplicantInputSerializer

    @extend_schema(
        tags=[TAG],
        operation_id="applicants_find_or_create",
        summary="查找或登记申请人",
        description="仅限窗口受理人员和帮办代办员(在任一站点持有受理或帮办代办角色),其他角色返回403 role_not_allowed。"
        "按证件号码查找申请人(一数一源),首次出现时登记(须填写姓名)。"
        "已登记的申请人:本次填写的联系信息(姓名、电话、地址、法定代表人)与登记信息不一致时,"
        "须填写 reason(记入审计),否则返回400 reason_required 且不作任何修改;未填写或相同的字段不变。"
        "响应中的证件号码和电话均为脱敏形式;姓名只在请求中填写了姓名时返回,否则为 null——"
        "不能凭证件号码查询他人姓名(收件时以返回的 id 引用申请人)。",
        parameters=[KEY_PARAM],
        responses={200: out.ApplicantFoundSerializer, **ERRORS},
    )
    @idempotent()
    def post(self, request):
        check_intake_staff(self.actor)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        applicant = find_or_create(data.validated_data, self.actor)
        return Response(out.applicant_found(applicant, name_given=bool(data.validated_data.get("name", "").strip())))


CONTACT_FIELDS = ("name", "phone", "address", "legal_representative")


def find_or_create(data: dict, actor) -> Applicant:
    """一数一源 through `people.services`; changing what is registered needs a reason, audited there."""
    contact = {k: data[k] for k in CONTACT_FIELDS if data.get(k)}
    reason = data.get("reason", "").strip()
    existing = find_applicant(data["kind"], data["number"])
    if existing is not None and not reason and _changes(existing, contact):
        raise DomainError(
            Problem(
                "reason_required",
                "该申请人已登记,本次填写的联系信息与登记信息不一致;更新须填写理由(记入审计)。",
                "reason",
            )
        )
    return people.find_or_create_applicant(data["kind"], data["number"], actor=actor.username, reason=reason, **contact)


def _changes(applicant: Applicant, contact: dict) -> list[str]:
    """The fields the given contact data would change, compared as `people.services` stores them
    (stripped; phones normalised), so resending the registered data needs no reason."""

    def stored_form(field, value):
        value = str(value).strip()
        return normalise_phone(value) if field == "phone" else value

    return [f for f, v in contact.items() if stored_form(f, v) and stored_form(f, v) != getattr(applicant, f)]


def _applicant(ref: dict, actor) -> Applicant:
    if "id" in ref:
        found = fastsql.get(Applicant, ref["id"])
        if found is None:
            raise DomainError(Problem("unknown_applicant", "申请人编号不存在。", "applicant.id"))
        return found
    return find_or_create(ref, actor)


def _authorisation(pk: int | None, applicant: Applicant) -> Authorisation | None:
    if pk is None:
        return None
    found = Authorisation.objects.filter(pk=pk, principal=applicant).first()
    if found is None:
        raise DomainError(Problem("unknown_authorisation", "该申请人没有此代办授权。", "authorisation"))
    return found


class CaseListCreate(CasesAPIView):
    serializer_class = out.CaseRowSerializer

    @extend_schema(
        tags=[TAG],
        operation_id="cases_list",
        summary="办件列表",
        description="当前工作人员可见的办件:受理站点或归属地站点是其任职站点之一。分页;申请人证件号码脱敏。",
        parameters=[inp.CaseFilterSerializer],
        responses={200: out.CaseRowSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        filters = inp.CaseFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        rows = selectors.queue if f["queue"] else selectors.case_list
        qs = rows(self.actor, state=f.get("state"), site_code=f.get("site"))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response([out.case_row(c) for c in page])

    @extend_schema(
        tags=[TAG],
        operation_id="cases_intake",
        summary="收件(无差别全科受理)",
        description="在综合受理窗口收件:指定站点、事项(默认本站点实施清单中的版本)、申请人、逐项材料状态和申请表数据。"
        "办件进入“预审”,收件人为首问责任人。须携带 Idempotency-Key:重试返回同一办件。"
        "渠道只能是窗口或帮办代办(网上申请只来自网上办事大厅);以证件号码填写的已登记申请人,"
        "联系信息有变化时须填写 applicant.reason(同“查找或登记申请人”)。",
        request=inp.IntakeSerializer,
        parameters=[KEY_REQUIRED],
        responses={201: out.CaseDetailSerializer, **ERRORS},
    )
    @idempotent(required=True)
    def post(self, request):
        d, actor = read_intake(request.data), self.actor  # IntakeSerializer's data, read quickly when well formed
        site, version = selectors.intake_target(d["site"], d["item"], d.get("item_version"))
        applicant = _applicant(d["applicant"], actor)
        case = services.receive(
            site=site,
            clerk=actor,
            version=version,
            applicant=applicant,
            materials={
                pk: MaterialInput(m["status"], m.get("promised_by"), m.get("note", ""), m.get("commitment", False))
                for pk, m in d["materials"].items()
            },
            form_data=d["form_data"],
            authorisation=_authorisation(d.get("authorisation"), applicant),
            channel=d["channel"],
        )
        case.item, case.applicant, case.owner = version.item, applicant, actor  # known: no re-read
        return Response(
            out.case_detail(_received_view(case), actor),
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("cases-api:case", args=[case.number])},
        )


def _received_view(case) -> selectors.CaseView:
    """A case intake has just created, from the rows it wrote (materials and nothing else yet;
    the clock has not started): the answer reads nothing back."""
    rows = getattr(case, "received_materials", None)
    if rows is None:
        return selectors.received_case_view(case)
    materials = sorted(rows, key=lambda m: (m.material.order, m.material_id))
    return selectors.CaseView(case, materials, clock=ClockReading("none", None, False, False))


class CaseDetail(CasesAPIView):
    serializer_class = out.CaseDetailSerializer

    @extend_schema(
        tags=[TAG],
        operation_id="cases_detail",
        summary="办件详情",
        description="材料、条件判断、告知书、暂停计时、联办、上报、送达、限时预警,以及当前用户可办理的动作。",
        responses={200: out.CaseDetailSerializer, **ERRORS},
    )
    def get(self, request, number: str):
        return self.detail_response(number)


@extend_schema(exclude=True)
class NotFoundView(CasesAPIView):
    def get(self, request, *args, **kwargs):
        raise NotFound("未找到该办件或该操作。")

    post = get
