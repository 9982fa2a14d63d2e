"""What a case owes and what was paid. Money is integer fen (分) everywhere, never a float.

"Exactly once" is held by the database, not by care: a charge has at most one payment in the
state PAID (a partial unique index), a provider's transaction is applied once (unique
`provider_txn`), and every change runs with the charge row locked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Charge(models.Model):
    """应缴费用: assessed once, when the case is accepted, from its item version's fee lines."""

    class Status(models.TextChoices):
        DUE = "due", "待缴费"
        PAID = "paid", "已缴费"
        EXEMPT = "exempt", "免收"
        REFUNDED = "refunded", "已退费"
        CANCELLED = "cancelled", "已撤销"  # the case ended before anything was paid

    case = models.OneToOneField("cases.Case", models.PROTECT, related_name="charge", verbose_name="办件")
    site = models.ForeignKey("org.Site", models.PROTECT, related_name="+", verbose_name="收费站点")
    department = models.ForeignKey("org.Department", models.PROTECT, related_name="+", verbose_name="执收部门")
    item = models.ForeignKey("catalog.Item", models.PROTECT, related_name="+", verbose_name="事项")
    payment_code = models.CharField("缴款码", max_length=20, unique=True)
    amount_fen = models.PositiveIntegerField("应缴金额(分)")
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    assessed_at = models.DateTimeField("核定时间")
    settled_at = models.DateTimeField("缴清时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "应缴费用"
        indexes = [models.Index(fields=["site", "status"], name="charge_site_status_idx")]

    def __str__(self) -> str:
        return f"{self.payment_code}:{yuan(self.amount_fen)}"

    @property
    def outstanding_fen(self) -> int:
        return self.amount_fen if self.status == self.Status.DUE else 0


class ChargeLine(models.Model):
    """One fee line as assessed: the standard, the quantity and any exemption, frozen with the charge."""

    charge = models.ForeignKey(Charge, models.CASCADE, related_name="lines", verbose_name="应缴费用")
    name = models.CharField("收费项目", max_length=128)
    standard = models.CharField("收费标准", max_length=200)
    basis = models.CharField("收费依据", max_length=300)
    unit_fen = models.PositiveIntegerField("单价(分)")
    quantity = models.PositiveSmallIntegerField("数量", default=1)
    exempt = models.BooleanField("免收", default=False)
    exemption_basis = models.CharField("免收依据", max_length=300, blank=True)
    amount_fen = models.PositiveIntegerField("金额(分)")

    class Meta:
        verbose_name = verbose_name_plural = "收费明细"
        ordering = ["charge", "pk"]


class Payment(models.Model):
    """缴费记录: one attempt to pay a charge. Online attempts start PENDING with an order at the
    provider; window payments are PAID when the clerk records them."""

    class Channel(models.TextChoices):
        CASH = "cash", "窗口现金"
        CARD = "card", "窗口刷卡"
        ONLINE = "online", "网上缴费"

    class Status(models.TextChoices):
        PENDING = "pending", "待支付"
        PAID = "paid", "已支付"
        VOIDED = "voided", "已更正作废"
        REFUND_DUE = "refund_due", "待退费"  # paid, but the charge was settled already or is refunded
        REFUNDED = "refunded", "已退费"

    charge = models.ForeignKey(Charge, models.PROTECT, related_name="payments", verbose_name="应缴费用")
    channel = models.CharField("缴费方式", max_length=8, choices=Channel.choices)
    amount_fen = models.PositiveIntegerField("金额(分)")
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    order_no = models.CharField("支付订单号", max_length=32, unique=True)
    provider_txn = models.CharField("支付平台流水号", max_length=64, null=True, blank=True, unique=True)
    payer_kind = models.CharField(
        "缴费人",
        max_length=10,
        choices=[("applicant", "申请人本人"), ("helper", "帮办代办员代缴"), ("window", "窗口代收")],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="经办人"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="复核人"
    )
    applied_by = models.CharField("到账来源", max_length=16, blank=True)  # window / callback / reconciliation
    receipt_number = models.CharField("票据号码", max_length=20, null=True, blank=True, unique=True)
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    paid_at = models.DateTimeField("支付时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "缴费记录"
        constraints = [
            # Never charged twice: one payment per charge counts as its payment.
            models.UniqueConstraint(fields=["charge"], condition=Q(status="paid"), name="one_paid_payment_per_charge"),
        ]

    @property
    def refund_or_none(self):
        """The payment's refund, or None (a template cannot catch the reverse accessor's error)."""
        return getattr(self, "refund", None)


class Refund(models.Model):
    """退费: money paid back — the law requires it (不予许可, withdrawal before work starts) or
    a second payment arrived for a charge already paid. Online money goes back the way it came,
    through the platform's refund interface (idempotent by `refund_no`); cash and card money is
    handed back at the window by a clerk with a second person confirming."""

    class Channel(models.TextChoices):
        ONLINE = "online", "原路退回(统一公共支付平台)"
        WINDOW = "window", "窗口退还"

    class Status(models.TextChoices):
        REQUESTED = "requested", "待退款"
        REFUNDED = "refunded", "已退款"

    payment = models.OneToOneField(Payment, models.PROTECT, related_name="refund", verbose_name="缴费记录")
    refund_no = models.CharField("退款单号", max_length=32, unique=True, null=True)
    channel = models.CharField("退款方式", max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.REQUESTED)
    amount_fen = models.PositiveIntegerField("金额(分)")
    reason = models.CharField("退费原因", max_length=200)
    provider_txn = models.CharField("平台退款流水号", max_length=64, null=True, blank=True, unique=True)
    applied_by = models.CharField(
        "退款确认来源", max_length=16, blank=True
    )  # answer / callback / reconciliation / window
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="经办人"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="复核人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    refunded_at = models.DateTimeField("退款时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "退费"


class Difference(models.Model):
    """对账差异: what the daily reconciliation found and could not settle by itself, for a person."""

    class Kind(models.TextChoices):
        APPLIED_LATE = "applied_late", "平台已收款、本系统未收到通知,已补记"
        UNKNOWN_ORDER = "unknown_order", "平台流水的订单号在本系统中不存在"
        AMOUNT_MISMATCH = "amount_mismatch", "金额不一致"
        MISSING_AT_PROVIDER = "missing_at_provider", "本系统记为已支付,平台对账单中没有"
        DUPLICATE = "duplicate", "重复缴费,待退费"
        REFUND_APPLIED_LATE = "refund_late", "平台已退款、本系统未收到结果,已补记"
        UNKNOWN_REFUND = "unknown_refund", "平台退款单号在本系统中不存在"
        REFUND_MISSING_AT_PROVIDER = "refund_missing", "本系统记为已退款,平台对账单中没有"

    day = models.DateField("对账日期")
    kind = models.CharField("差异类型", max_length=24, choices=Kind.choices)
    order_no = models.CharField("支付订单号", max_length=32)
    detail = models.CharField("说明", max_length=300)
    resolved = models.BooleanField("已处理", default=False)
    created_at = models.DateTimeField("发现时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "对账差异"
        constraints = [models.UniqueConstraint(fields=["day", "kind", "order_no"], name="one_difference_per_order")]


def yuan(fen: int) -> str:
    """Fen as the yuan amount people read: 8000 → "80.00元"."""
    return f"{fen // 100}.{fen % 100:02d}元"
