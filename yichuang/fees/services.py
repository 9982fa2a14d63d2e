"""Every write about money: window payments and their corrections, online orders, the
provider's confirmations (callback or reconciliation — one function, so both apply a payment
the same single way), and refunds. Each runs in one transaction with the charge row locked;
the database's constraints (models.py) make a second application impossible, not unlikely."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.cases.where import window_site_ids
from yichuang.cases.workflow import State
from yichuang.common.errors import Conflict, DomainError, NotAllowed, Problem
from yichuang.ledger import services as ledger
from yichuang.org.models import StaffRole

from .models import Charge, Difference, Payment, yuan
from .provider import provider

WINDOW_ROLES = (StaffRole.Role.CLERK, StaffRole.Role.HEAD)


def _locked(charge: Charge) -> Charge:
    return Charge.objects.select_for_update().select_related("case").get(pk=charge.pk)


def _audit(charge: Charge, action: str, actor: str, payment: Payment, **data) -> None:
    ledger.record(
        charge.case.audit_stream,
        action,
        actor=actor,
        object_type="fees.Payment",
        object_id=str(payment.pk),
        data={"order_no": payment.order_no, "amount_fen": payment.amount_fen, "channel": payment.channel, **data},
    )


def _settle(charge: Charge, payment: Payment, when: dt.datetime) -> None:
    payment.status, payment.paid_at = Payment.Status.PAID, when
    payment.receipt_number = f"{timezone.localtime(when):%Y}{payment.pk:010d}"
    payment.save()
    charge.status, charge.settled_at = Charge.Status.PAID, when
    charge.save(update_fields=["status", "settled_at"])


def _must_be_due(charge: Charge) -> None:
    if charge.status != Charge.Status.DUE:
        raise Conflict(Problem("charge_not_due", f"该办件的费用{charge.get_status_display()},无需缴费。", "charge"))


def may_work_window(user, case: Case) -> bool:
    """The window staff of the case (cases.where: the accepting site, and the township for a
    village helper's case) take its money at the window."""
    return user.staff_roles.filter(site_id__in=window_site_ids(case), role__in=WINDOW_ROLES).exists()


def may_pay_for(user, case: Case) -> bool:
    """代缴 (R-28): the village helper who brought the case may pay online on the villager's behalf."""
    return user.staff_roles.filter(site_id=case.site_id, role=StaffRole.Role.HELPER).exists()


def _may_work_window(user, charge: Charge) -> None:
    if not may_work_window(user, charge.case):
        raise NotAllowed(
            Problem("role_not_allowed", "只有该办件受理窗口的受理人员或中心负责人可以登记窗口收费。", "actor")
        )


def record_window_payment(charge: Charge, clerk, channel: str, amount_fen: int) -> Payment:
    """The clerk took cash or a card payment at the window: the charge is paid at once."""
    if channel not in (Payment.Channel.CASH, Payment.Channel.CARD):
        raise DomainError(Problem("channel_invalid", "窗口缴费方式只能是现金或刷卡。", "channel"))
    with transaction.atomic():
        charge = _locked(charge)
        _may_work_window(clerk, charge)
        _must_be_due(charge)
        if amount_fen != charge.amount_fen:
            raise DomainError(
                Problem("amount_mismatch", f"实收金额须等于应缴金额{yuan(charge.amount_fen)}。", "amount_fen")
            )
        n = charge.payments.count() + 1
        payment = Payment.objects.create(
            charge=charge,
            channel=channel,
            amount_fen=amount_fen,
            status=Payment.Status.PENDING,
            order_no=f"W{charge.payment_code}{n:02d}",
            payer_kind="window",
            recorded_by=clerk,
            applied_by="window",
        )
        _settle(charge, payment, timezone.now())
        _audit(charge, "fees.paid", clerk.username, payment)
    return payment


def void_window_payment(payment: Payment, clerk, confirmed_by, reason: str) -> Payment:
    """更正: a window payment recorded by mistake is voided by the clerk with a second person
    of the same site confirming; the charge is due again."""
    if not reason.strip():
        raise DomainError(Problem("reason_required", "更正须写明原因。", "reason"))
    if confirmed_by is None or confirmed_by.pk == clerk.pk:
        raise NotAllowed(Problem("second_person_required", "更正须由另一名工作人员复核。", "confirmed_by"))
    with transaction.atomic():
        charge = _locked(payment.charge)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        _may_work_window(clerk, charge)
        _may_work_window(confirmed_by, charge)
        if payment.channel == Payment.Channel.ONLINE or payment.status != Payment.Status.PAID:
            raise Conflict(Problem("not_correctable", "只有已登记的窗口收费可以更正。", "payment"))
        if charge.case.state == State.COMPLETED:
            raise Conflict(Problem("case_completed", "办件已出件办结,不能更正收费,请按退费办理。", "payment"))
        payment.status, payment.confirmed_by, payment.note = Payment.Status.VOIDED, confirmed_by, reason[:200]
        payment.save()
        charge.status, charge.settled_at = Charge.Status.DUE, None
        charge.save(update_fields=["status", "settled_at"])
        _audit(charge, "fees.voided", clerk.username, payment, confirmed_by=confirmed_by.username)
    return payment


def notify_url() -> str:
    return settings.YICHUANG_PAYMENT["NOTIFY_BASE"].rstrip("/") + "/api/v1/fees/callback/"


def start_online(charge: Charge, payer_kind: str, return_url: str) -> str:
    """Open an order at the payment platform for the charge; the address of its pay page. The
    applicant or a helper (代缴) may start it; a second click reuses the open order."""
    with transaction.atomic():
        charge = _locked(charge)
        _must_be_due(charge)
        payment = charge.payments.filter(status=Payment.Status.PENDING, channel=Payment.Channel.ONLINE).first()
        if payment is None:
            n = charge.payments.count() + 1
            payment = Payment.objects.create(
                charge=charge,
                channel=Payment.Channel.ONLINE,
                amount_fen=charge.amount_fen,
                status=Payment.Status.PENDING,
                order_no=f"P{charge.payment_code}{n:02d}",
                payer_kind=payer_kind,
            )
        elif payment.payer_kind != payer_kind:
            payment.payer_kind = payer_kind
            payment.save(update_fields=["payer_kind"])
    # Outside the transaction: the platform's order is idempotent by order_no, so a failure
    # here leaves a pending payment that the next click (or nobody) reuses — never a charge.
    subject = f"{charge.case.item_version.name}({charge.case.number})"
    return provider().create_order(payment.order_no, payment.amount_fen, subject, notify_url(), return_url)


def apply_confirmation(order_no: str, txn_id: str, amount_fen: int, paid_at: str, source: str) -> str:
    """The platform says `order_no` was paid. Applied exactly once whatever arrives twice, late
    or out of order. Returns what happened: applied / already / duplicate / unknown / mismatch."""
    day = _day(paid_at)
    with transaction.atomic():
        found = Payment.objects.filter(order_no=order_no).select_related("charge").first()
        if found is None:
            _difference(day, Difference.Kind.UNKNOWN_ORDER, order_no, f"平台流水{txn_id},金额{yuan(amount_fen)}")
            return "unknown"
        charge = _locked(found.charge)
        payment = Payment.objects.select_for_update().get(pk=found.pk)
        if payment.provider_txn:
            return "already"
        if payment.amount_fen != amount_fen:
            _difference(
                day,
                Difference.Kind.AMOUNT_MISMATCH,
                order_no,
                f"本系统{yuan(payment.amount_fen)},平台{yuan(amount_fen)}",
            )
            return "mismatch"
        payment.provider_txn, payment.applied_by = txn_id, source
        when = _moment(paid_at)
        if charge.status == Charge.Status.DUE:
            _settle(charge, payment, when)
            _audit(charge, "fees.paid", source, payment)
            if source == "reconciliation":
                _difference(day, Difference.Kind.APPLIED_LATE, order_no, f"平台流水{txn_id},已补记到账", resolved=True)
            return "applied"
        # Paid twice (the window took cash meanwhile, or the case was refunded): keep the money
        # on record and owe it back; a person sees it in the differences.
        payment.paid_at = when
        payment.save()
        _audit(charge, "fees.duplicate", source, payment)
        from .refunds import request_refund  # refunds builds on this module's helpers

        request_refund(charge, payment, "重复缴费,原路退回")
        _difference(
            day, Difference.Kind.DUPLICATE, order_no, f"费用已{charge.get_status_display()},本笔{yuan(amount_fen)}待退"
        )
        return "duplicate"


def _difference(day, kind, order_no, detail, resolved=False) -> None:
    Difference.objects.get_or_create(
        day=day, kind=kind, order_no=order_no, defaults={"detail": detail[:300], "resolved": resolved}
    )


def _moment(paid_at: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(paid_at)
    except (TypeError, ValueError):
        return timezone.now()
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _day(paid_at: str) -> dt.date:
    return timezone.localtime(_moment(paid_at)).date()
