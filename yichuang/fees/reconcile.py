"""Daily reconciliation (对账) against the payment platform's statement: every payment it
confirms is applied through the same `apply_confirmation` as a callback — so a lost callback
is applied once, and one that did arrive is left alone — and every online payment we hold as
paid that the statement does not list becomes a difference for a person. A periodic job
(`yichuang reconcile_payments`, the day before by default)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from .models import Difference, Payment
from .provider import provider
from .services import _difference, apply_confirmation


def reconcile(day: dt.date | None = None) -> Counter:
    day = day or timezone.localdate() - dt.timedelta(days=1)
    lines = provider().statement(day)
    outcome = Counter(
        apply_confirmation(ln.order_no, ln.txn_id, ln.amount_fen, ln.paid_at, "reconciliation") for ln in lines
    )
    listed = {ln.order_no for ln in lines}
    ours = Payment.objects.filter(
        channel=Payment.Channel.ONLINE, paid_at__date=day, status__in=[Payment.Status.PAID, Payment.Status.REFUND_DUE]
    ).values_list("order_no", flat=True)
    for order_no in ours:
        if order_no not in listed:
            _difference(day, Difference.Kind.MISSING_AT_PROVIDER, order_no, "本系统记为已支付,平台对账单中没有")
            outcome["missing_at_provider"] += 1
    return outcome
