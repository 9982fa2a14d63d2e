"""Money in the numbers (issue 18 §5, R-31): per site, department and item of a scorecard's
query — the same period and the same sites (the viewer's, by role: scorecards.parse_query),
and its item filter — what was collected, refunded, their difference, and what is still owed.
Integer fen throughout; the page and the workbook show yuan.

- collected: money that came in during the period (payments paid, later refunded or not);
- refunded: money the platform or the window paid back during the period;
- net = collected − refunded;
- outstanding: what open charges assessed by the period's end still owe (due − paid).
Reads the fees app's tables (it sits beside supervision; neither writes the other's rows)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from yichuang.fees.models import Charge, Payment, Refund

RECEIVED = [Payment.Status.PAID, Payment.Status.REFUND_DUE, Payment.Status.REFUNDED]
GROUP = ("site__name", "department__name", "case__item_version__name")


@dataclass
class MoneyRow:
    site: str
    department: str
    item: str
    collected_fen: int = 0
    refunded_fen: int = 0
    outstanding_fen: int = 0

    @property
    def net_fen(self) -> int:
        return self.collected_fen - self.refunded_fen


def _charges(query):
    found = Charge.objects.filter(site_id__in=query.site_ids)
    return found.filter(item_id=query.item_id) if query.item_id else found


def _add(out: dict, rows, prefix: str, field: str) -> None:
    names = [prefix + g for g in GROUP]
    for r in rows.values(*names).annotate(total=Sum("amount_fen")).order_by():
        key = tuple(r[n] or "(未指定)" for n in names)
        row = out.setdefault(key, MoneyRow(*key))
        setattr(row, field, getattr(row, field) + (r["total"] or 0))


def money_rows(query) -> list[MoneyRow]:
    """One row per (site, department, item) with any money in the scorecard's period."""
    charges = _charges(query)
    out: dict[tuple, MoneyRow] = {}
    payments = Payment.objects.filter(
        charge__in=charges, status__in=RECEIVED, paid_at__date__gte=query.start, paid_at__date__lte=query.end
    )
    _add(out, payments, "charge__", "collected_fen")
    refunds = Refund.objects.filter(
        payment__charge__in=charges,
        status=Refund.Status.REFUNDED,
        refunded_at__date__gte=query.start,
        refunded_at__date__lte=query.end,
    )
    _add(out, refunds, "payment__charge__", "refunded_fen")
    open_due = charges.filter(status=Charge.Status.DUE, assessed_at__date__lte=query.end)
    _add(out, open_due, "", "outstanding_fen")
    return sorted(out.values(), key=lambda r: (r.site, r.department, r.item))


def money_total(rows: list[MoneyRow]) -> MoneyRow:
    total = MoneyRow("合计", "", "")
    for r in rows:
        total.collected_fen += r.collected_fen
        total.refunded_fen += r.refunded_fen
        total.outstanding_fen += r.outstanding_fen
    return total
