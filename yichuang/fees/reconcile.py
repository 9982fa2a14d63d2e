"""Daily reconciliation (对账) against the payment platform's statement: every payment it
confirms is applied through the same `apply_confirmation` as a callback — so a lost callback
is applied once, and one that did arrive is left alone — and every online payment we hold as
paid that the statement does not list becomes a difference for a person. Refunds likewise: a
refund the platform made that we never heard of (its answer and callback lost) is applied once
through `apply_refund_confirmation`; one we hold as refunded that it does not list is a
difference; refunds still waiting are asked for again (by their number: never twice). A
periodic job (`yichuang reconcile_payments`, the day before by default)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from .models import Difference, Payment, Refund
from .provider import provider
from .refunds import apply_refund_confirmation, retry_refunds
from .services import _difference, apply_confirmation

RECEIVED = [Payment.Status.PAID, Payment.Status.REFUND_DUE, Payment.Status.REFUNDED]


def reconcile(day: dt.date | None = None) -> Counter:
    day = day or timezone.localdate() - dt.timedelta(days=1)
    lines, refunds = provider().day_statement(day)
    outcome = Counter(
        apply_confirmation(ln.order_no, ln.txn_id, ln.amount_fen, ln.paid_at, "reconciliation") for ln in lines
    )
    listed = {ln.order_no for ln in lines}
    ours = Payment.objects.filter(channel=Payment.Channel.ONLINE, paid_at__date=day, status__in=RECEIVED)
    for order_no in ours.values_list("order_no", flat=True):
        if order_no not in listed:
            _difference(day, Difference.Kind.MISSING_AT_PROVIDER, order_no, "本系统记为已支付,平台对账单中没有")
            outcome["missing_at_provider"] += 1
    for r in refunds:
        result = apply_refund_confirmation(r.refund_no, r.refund_txn, r.amount_fen, r.refunded_at, "reconciliation")
        outcome[f"refund_{result}"] += 1
    refunded = {r.refund_no for r in refunds}
    ours_refunded = Refund.objects.filter(
        channel=Refund.Channel.ONLINE, status=Refund.Status.REFUNDED, refunded_at__date=day
    ).values_list("refund_no", flat=True)
    for refund_no in ours_refunded:
        if refund_no not in refunded:
            detail = "本系统记为已退款,平台对账单中没有"
            _difference(day, Difference.Kind.REFUND_MISSING_AT_PROVIDER, refund_no, detail)
            outcome["refund_missing_at_provider"] += 1
    outcome["refund_retried"] += retry_refunds()
    return outcome
