"""The payment endpoints (OpenAPI at /api/docs/): the platform's signed callback, and a case's
charge for staff systems. Thin: services.apply_confirmation does the work."""

from __future__ import annotations

import logging

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from yichuang.cases import selectors as case_selectors
from yichuang.common.errors import DomainError, Problem
from yichuang.supervision.api import json_object

from . import refunds, services
from .models import Charge, ChargeLine, Payment, Refund
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


SIGNATURE = [
    OpenApiParameter(
        HEADER, str, OpenApiParameter.HEADER, required=True, description="HMAC-SHA256(商户密钥, 原始请求体) 的十六进制"
    )
]


class SignedNoticeView(APIView):
    """A signed asynchronous notice from the unified payment platform. It may come twice, late
    or out of order: `apply` applies it exactly once, and the answer SUCCESS tells the platform
    to stop resending. The signature is over the exact bytes, checked before anything is read."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    body_class: type[serializers.Serializer]

    def apply(self, v: dict) -> str:
        raise NotImplementedError

    def post(self, request):
        raw = request.body  # the exact bytes that were signed, read before parsing
        data = json_object(raw)
        if not provider().verify_callback(raw, request.headers.get(HEADER, "")):
            log.warning("payment platform notice with a bad signature refused")
            # 400, not 403: no one is "allowed" here — a notice is valid or it is not.
            raise DomainError(Problem("bad_signature", "支付平台通知的签名无效,未作任何处理。", HEADER))
        body = self.body_class(data=data)
        body.is_valid(raise_exception=True)
        outcome = self.apply(body.validated_data)
        log.info("payment platform notice %s: %s", type(self).__name__, outcome)
        return Response({"code": "SUCCESS", "outcome": outcome})


def documented(body: type[serializers.Serializer], summary: str):
    """OpenAPI for a notice view: its body, the signature header, the SUCCESS answer."""
    return extend_schema_view(
        post=extend_schema(request=body, responses={200: CallbackOut}, parameters=SIGNATURE, summary=summary)
    )


@documented(CallbackIn, "统一公共支付平台支付结果异步通知(签名验证,幂等)")
class CallbackView(SignedNoticeView):
    body_class = CallbackIn

    def apply(self, v):
        return services.apply_confirmation(v["order_no"], v["txn_id"], v["amount_fen"], v["paid_at"], "callback")


class RefundCallbackIn(serializers.Serializer):
    type = serializers.ChoiceField(["refund"], help_text="通知类型")
    refund_no = serializers.CharField(max_length=32, help_text="本系统发起退款时的退款单号(幂等键)")
    order_no = serializers.CharField(max_length=32, help_text="原支付订单号")
    refund_txn = serializers.CharField(max_length=64, help_text="支付平台退款流水号")
    amount_fen = serializers.IntegerField(min_value=0, help_text="退款金额,单位分(整数)")
    refunded_at = serializers.CharField(max_length=40, help_text="退款时间,ISO 8601(含时区)")
    status = serializers.ChoiceField(["refunded"], help_text="退款状态")


@documented(RefundCallbackIn, "统一公共支付平台退款结果异步通知(签名验证,按退款单号幂等)")
class RefundCallbackView(SignedNoticeView):
    body_class = RefundCallbackIn

    def apply(self, v):
        return refunds.apply_refund_confirmation(
            v["refund_no"], v["refund_txn"], v["amount_fen"], v["refunded_at"], "callback"
        )


class LineOut(serializers.ModelSerializer):
    class Meta:
        model = ChargeLine
        fields = ["name", "standard", "basis", "unit_fen", "quantity", "exempt", "exemption_basis", "amount_fen"]


class RefundOut(serializers.ModelSerializer):
    class Meta:
        model = Refund
        fields = ["refund_no", "channel", "status", "amount_fen", "reason", "refunded_at"]


class PaymentOut(serializers.ModelSerializer):
    refund = RefundOut(allow_null=True, read_only=True, help_text="该笔缴费的退款;没有退款为 null")

    class Meta:
        model = Payment
        fields = ["order_no", "channel", "amount_fen", "status", "payer_kind", "receipt_number", "paid_at", "refund"]


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
