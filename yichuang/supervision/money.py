"""Money in the numbers (issue 18 §5, R-31): per site, department and item of a scorecard's
query — the same period and the same sites (the viewer's, by role: scorecards.parse_query),
and its item filter — what was collected, refunded, their difference, and what is still owed.
Integer fen throughout; the page and the workbook show yuan.

- collected: money that came in during the period (payments paid, later refunded or not);
- refunded: money the platform or the window paid back during the period;
- net = collected − refunded;
- outstanding: what open charges assessed by the period's end still owe (due − paid).
Reads the fees app's tables with the fees report's row and sums (one shape for the daily
report and the scorecard); neither app writes the other's rows."""

from __future__ import annotations

from yichuang.fees.models import Charge, Payment, Refund
from yichuang.fees.report import RECEIVED, Row, add_sums
from yichuang.fees.report import totals as money_total

__all__ = ["money_rows", "money_total"]


def money_rows(query) -> list[Row]:
    """One row per (site, department, item) with any money in the scorecard's period."""
    charges = Charge.objects.filter(site_id__in=query.site_ids)
    if query.item_id:
        charges = charges.filter(item_id=query.item_id)
    period = {"__date__gte": query.start, "__date__lte": query.end}
    out: dict[tuple, Row] = {}
    payments = Payment.objects.filter(charge__in=charges, status__in=RECEIVED)
    add_sums(out, payments.filter(**{f"paid_at{k}": v for k, v in period.items()}), "charge__", "collected_fen")
    refunds = Refund.objects.filter(payment__charge__in=charges, status=Refund.Status.REFUNDED)
    add_sums(
        out, refunds.filter(**{f"refunded_at{k}": v for k, v in period.items()}), "payment__charge__", "refunded_fen"
    )
    add_sums(out, charges.filter(status=Charge.Status.DUE, assessed_at__date__lte=query.end), "", "outstanding_fen")
    return sorted(out.values(), key=lambda r: (r.site, r.department, r.item))
