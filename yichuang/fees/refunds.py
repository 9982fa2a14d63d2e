"""退费 through the platform (issue 18 §3). A refund is decided in one transaction (the charge
row locked: the payment becomes 待退费 and a `Refund` row with its own refund number is
written); the money then goes back the way it came:

- online money: the platform's refund interface is asked *after* the commit, by refund number,
  which the platform treats as idempotent — so asking again after a lost answer (the job
  `retry_refunds`, or the next click) can never pay back twice;
- cash or card money: a clerk of the window hands it back and records it, and a second person
  confirms (the same four eyes as a correction).

Whatever tells us the platform refunded — its answer, its signed callback, the daily statement
— goes through `apply_refund_confirmation`, which applies it exactly once."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.common.errors import Conflict, DomainError, NotAllowed, Problem

from .models import Charge, Difference, Payment, Refund, yuan
from .provider import ProviderUnavailable, provider
from .services import _audit, _difference, _locked, _may_work_window, _moment, notify_url

log = logging.getLogger(__name__)


def request_refund(charge: Charge, payment: Payment, reason: str) -> Refund:
    """Inside the caller's transaction, with the charge locked: owe `payment` back. The call
    to the platform (online money) is queued for after the commit."""
    online = payment.channel == Payment.Channel.ONLINE
    payment.status = Payment.Status.REFUND_DUE
    payment.save(update_fields=["status"])
    refund = Refund.objects.create(
        payment=payment,
        refund_no=f"R{payment.order_no}",
        channel=Refund.Channel.ONLINE if online else Refund.Channel.WINDOW,
        amount_fen=payment.amount_fen,
        reason=reason[:200],
    )
    _audit(charge, "fees.refund_requested", "system", payment, refund_no=refund.refund_no, reason=reason[:200])
    if online:
        transaction.on_commit(lambda: send(refund.pk))
    return refund


def send(refund_id: int) -> str:
    """Ask the platform to pay an online refund back; returns the outcome (or "unavailable":
    the refund stays 待退款 and is asked again later by the same number)."""
    refund = Refund.objects.select_related("payment").get(pk=refund_id)
    if refund.status == Refund.Status.REFUNDED or refund.channel != Refund.Channel.ONLINE:
        return "already"
    try:
        line = provider().refund(
            refund.refund_no, refund.payment.order_no, refund.amount_fen, refund.reason, refund_notify_url()
        )
    except ProviderUnavailable:
        log.warning("refund %s not confirmed by the platform yet; it will be asked again", refund.refund_no)
        return "unavailable"
    return apply_refund_confirmation(line.refund_no, line.refund_txn, line.amount_fen, line.refunded_at, "answer")


def retry_refunds() -> int:
    """Ask again for every online refund still waiting (the platform's answer was lost or it was
    away). Safe to run any time: the platform refunds a number once."""
    waiting = Refund.objects.filter(channel=Refund.Channel.ONLINE, status=Refund.Status.REQUESTED)
    return sum(send(pk) == "applied" for pk in waiting.values_list("pk", flat=True))


def refund_notify_url() -> str:
    return notify_url().replace("/fees/callback/", "/fees/refund-callback/")


def apply_refund_confirmation(refund_no: str, refund_txn: str, amount_fen: int, refunded_at: str, source: str) -> str:
    """The platform says it refunded `refund_no`. Applied exactly once, whichever of the answer,
    the callback(s) and the statement arrives first. applied / already / unknown / mismatch."""
    day = timezone.localtime(_moment(refunded_at)).date()
    with transaction.atomic():
        found = Refund.objects.filter(refund_no=refund_no).select_related("payment__charge").first()
        if found is None:
            _difference(day, Difference.Kind.UNKNOWN_REFUND, refund_no, f"平台退款流水{refund_txn},{yuan(amount_fen)}")
            return "unknown"
        charge = _locked(found.payment.charge)
        refund = Refund.objects.select_for_update().select_related("payment").get(pk=found.pk)
        if refund.status == Refund.Status.REFUNDED:
            return "already"
        if refund.amount_fen != amount_fen:
            detail = f"本系统{yuan(refund.amount_fen)},平台{yuan(amount_fen)}"
            _difference(day, Difference.Kind.AMOUNT_MISMATCH, refund_no, detail)
            return "mismatch"
        refund.provider_txn, refund.applied_by = refund_txn, source
        _finish(charge, refund, _moment(refunded_at), source)
        if source == "reconciliation":
            _difference(day, Difference.Kind.REFUND_APPLIED_LATE, refund_no, f"平台退款流水{refund_txn},已补记", True)
    return "applied"


def _finish(charge: Charge, refund: Refund, when: dt.datetime, actor: str) -> None:
    refund.status, refund.refunded_at = Refund.Status.REFUNDED, when
    refund.save()
    payment = refund.payment
    payment.status = Payment.Status.REFUNDED
    payment.save(update_fields=["status"])
    _audit(charge, "fees.refunded", actor, payment, refund_no=refund.refund_no)


def record_window_refund(refund: Refund, clerk, confirmed_by) -> Refund:
    """The clerk handed the cash (or card money) back at the window; a second window person of
    the case's sites confirms. Applied once: a second click finds it done."""
    if confirmed_by is None or confirmed_by.pk == clerk.pk:
        raise NotAllowed(Problem("second_person_required", "窗口退款须由另一名工作人员复核。", "confirmed_by"))
    with transaction.atomic():
        charge = _locked(refund.payment.charge)
        refund = Refund.objects.select_for_update().select_related("payment").get(pk=refund.pk)
        _may_work_window(clerk, charge)
        _may_work_window(confirmed_by, charge)
        if refund.channel != Refund.Channel.WINDOW:
            raise DomainError(Problem("refund_online", "网上缴费由统一公共支付平台原路退回,无需窗口退款。", "refund"))
        if refund.status == Refund.Status.REFUNDED:
            raise Conflict(Problem("refund_done", "该笔退款已办结。", "refund"))
        refund.recorded_by, refund.confirmed_by, refund.applied_by = clerk, confirmed_by, "window"
        _finish(charge, refund, timezone.now(), clerk.username)
    return refund


def close_for_case(case: Case, reason: str) -> Charge | None:
    """The case ended without the service being given (不予许可, withdrawal before work began,
    termination): an unpaid charge is cancelled, a paid one refunded."""
    with transaction.atomic():
        charge = Charge.objects.select_for_update().select_related("case").filter(case=case).first()
        if charge is None or charge.status not in (Charge.Status.DUE, Charge.Status.PAID):
            return charge
        if charge.status == Charge.Status.PAID:
            payment = charge.payments.select_for_update().get(status=Payment.Status.PAID)
            request_refund(charge, payment, reason)
        charge.status = Charge.Status.REFUNDED if charge.status == Charge.Status.PAID else Charge.Status.CANCELLED
        charge.save(update_fields=["status"])
    return charge
