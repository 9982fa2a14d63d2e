"""The payment endpoints (OpenAPI at /api/docs/): the platform's signed callback, and a case's
charge for staff systems. Thin: services.apply_confirmation does the work."""

from __future__ import annotations

import json
import logging

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from yichuang.cases import selectors as case_selectors
from yichuang.common.errors import DomainError, Problem

from . import services
from .models import Charge
from .provider import provider
from .signing import HEADER

log = logging.getLogger(__name__)


class CallbackIn(serializers.Serializer):
    order_no = serializers.CharField(max_length=32, help_text="本系统下单时的支付订单号")
    txn_id = serializers.CharField(max_length=64, help_text="支付平台流水号")
    amount_fen = serializers.IntegerField(min_value=0, help_text="金额,单位分(整数)")
    paid_at = serializers.CharField(max_length=40, help_text="支付时间,ISO 8601(含时区)")
    status = serializers.ChoiceField(["paid"], help_text="订单状态")


class CallbackOut(serializers.Serializer):
    code = serializers.CharField(help_text="SUCCESS:已记录,平台不再重发")
    outcome = serializers.CharField(help_text="applied / already / duplicate / unknown / mismatch")


class CallbackView(APIView):
    """The unified payment platform's asynchronous notice that an order was paid. It may come
    twice, late or out of order: it is applied exactly once, and the answer SUCCESS tells the
    platform to stop resending."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        request=CallbackIn,
        responses={200: CallbackOut},
        parameters=[
            OpenApiParameter(
                HEADER,
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="HMAC-SHA256(商户密钥, 原始请求体) 的十六进制",
            )
        ],
        summary="统一公共支付平台支付结果异步通知(签名验证,幂等)",
    )
    def post(self, request):
        raw = request.body  # the exact bytes that were signed, read before parsing
        try:
            data = json.loads(raw or b"{}")
        except ValueError:
            raise DomainError(Problem("invalid_json", "请求体不是有效的 JSON。")) from None
        if not isinstance(data, dict):
            raise DomainError(Problem("body_not_object", "请求体应为 JSON 对象。"))
        if not provider().verify_callback(raw, request.headers.get(HEADER, "")):
            log.warning("payment callback with a bad signature refused")
            # 400, not 403: no one is "allowed" here — a notice is valid or it is not.
            raise DomainError(Problem("bad_signature", "支付结果通知的签名无效,未作任何处理。", HEADER))
        body = CallbackIn(data=data)
        body.is_valid(raise_exception=True)
        v = body.validated_data
        outcome = services.apply_confirmation(v["order_no"], v["txn_id"], v["amount_fen"], v["paid_at"], "callback")
        log.info("payment callback %s: %s", v["order_no"], outcome)
        return Response({"code": "SUCCESS", "outcome": outcome})


class LineOut(serializers.Serializer):
    name = serializers.CharField()
    standard = serializers.CharField()
    basis = serializers.CharField()
    unit_fen = serializers.IntegerField()
    quantity = serializers.IntegerField()
    exempt = serializers.BooleanField()
    exemption_basis = serializers.CharField()
    amount_fen = serializers.IntegerField()


class PaymentOut(serializers.Serializer):
    order_no = serializers.CharField()
    channel = serializers.CharField()
    amount_fen = serializers.IntegerField()
    status = serializers.CharField()
    payer_kind = serializers.CharField()
    receipt_number = serializers.CharField(allow_null=True)
    paid_at = serializers.DateTimeField(allow_null=True)


class ChargeOut(serializers.Serializer):
    payment_code = serializers.CharField()
    amount_fen = serializers.IntegerField()
    status = serializers.CharField()
    lines = LineOut(many=True, source="lines.all")
    payments = PaymentOut(many=True, source="payments.all")


class CaseChargeOut(serializers.Serializer):
    case = serializers.CharField(help_text="办件编号")
    charge = ChargeOut(allow_null=True, help_text="应缴费用;不收费或尚未受理的办件为 null")


class CaseChargeView(APIView):
    """A case's charge: its lines as assessed, and every payment (staff of the case's sites)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CaseChargeOut, summary="办件的应缴费用和缴费记录")
    def get(self, request, number):
        case = case_selectors.find_case(case_selectors.staff_user(request.user), number)
        if case is None:
            raise NotFound("办件不存在,或您无权查看。")
        charge = Charge.objects.filter(case=case).first()
        return Response({"case": case.number, "charge": ChargeOut(charge).data if charge else None})
