"""Money in the numbers (issue 18 §5): collected, refunded and outstanding per site, department
and item — for a day, on the report page, and as the daily Excel workbook per department
(openpyxl, like the supervision scorecard's export)."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum
from openpyxl import Workbook
from openpyxl.styles import Font

from .models import Charge, Payment, Refund, yuan

RECEIVED = [Payment.Status.PAID, Payment.Status.REFUND_DUE, Payment.Status.REFUNDED]  # money that came in


@dataclass
class Row:
    site: str
    department: str
    item: str
    collected_fen: int = 0
    refunded_fen: int = 0
    outstanding_fen: int = 0

    @property
    def net_fen(self) -> int:
        return self.collected_fen - self.refunded_fen


def add_sums(out: dict, query, prefix: str, field: str) -> None:
    """Add `query`'s amount_fen summed per (site, department, item) to the rows in `out`."""
    group = [f"{prefix}site__name", f"{prefix}department__name", f"{prefix}case__item_version__name"]
    for r in query.values(*group).annotate(total=Sum("amount_fen")).order_by():
        key = tuple(r[g] or "(未指定)" for g in group)
        row = out.setdefault(key, Row(*key))
        setattr(row, field, getattr(row, field) + (r["total"] or 0))


def rows(site_ids, day: dt.date) -> list[Row]:
    """One row per (site, department, item) with any money: the day's collections and refunds,
    and what is still owed now."""
    out: dict[tuple, Row] = {}
    add = functools.partial(add_sums, out)
    add(
        Payment.objects.filter(charge__site_id__in=site_ids, status__in=RECEIVED, paid_at__date=day),
        "charge__",
        "collected_fen",
    )
    add(
        Refund.objects.filter(
            payment__charge__site_id__in=site_ids, status=Refund.Status.REFUNDED, refunded_at__date=day
        ),
        "payment__charge__",
        "refunded_fen",
    )
    add(Charge.objects.filter(site_id__in=site_ids, status=Charge.Status.DUE), "", "outstanding_fen")
    return sorted(out.values(), key=lambda r: (r.site, r.department, r.item))


def totals(found: list[Row]) -> Row:
    total = Row("合计", "", "")
    for r in found:
        total.collected_fen += r.collected_fen
        total.refunded_fen += r.refunded_fen
        total.outstanding_fen += r.outstanding_fen
    return total


HEADERS = ["站点", "部门", "事项", "当日实收(元)", "当日退费(元)", "待缴(元)"]


def workbook_bytes(found: list[Row], day: dt.date) -> bytes:
    """One sheet per department, amounts in yuan as exact decimals (fen / 100 as text-free numbers)."""
    wb = Workbook()
    wb.remove(wb.active)
    by_department = defaultdict(list)
    for r in found:
        by_department[r.department].append(r)
    for department, group in sorted(by_department.items()) or [("无收费", [])]:
        ws = wb.create_sheet(department[:31])
        ws.append([f"{department} 收费日报 {day.isoformat()}"])
        ws["A1"].font = Font(bold=True)
        ws.append(HEADERS)
        for r in group + [totals(group)]:
            ws.append(
                [
                    r.site,
                    r.department,
                    r.item,
                    *(_money(v) for v in (r.collected_fen, r.refunded_fen, r.outstanding_fen)),
                ]
            )
        for column in ("D", "E", "F"):
            for cell in ws[column][2:]:
                cell.number_format = "0.00"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _money(fen: int):
    # Excel holds numbers as doubles; two decimals of a fen count are exact to far beyond any
    # county's takings, and the cell format shows them as money.
    from decimal import Decimal

    return Decimal(fen) / 100


__all__ = ["rows", "totals", "workbook_bytes", "yuan"]
