"""The 收费 sheet of the scorecard workbook: supervision.money's rows, amounts in yuan as exact
decimals with a money format (fen / 100, never a float computed by us)."""

from __future__ import annotations

from decimal import Decimal

from openpyxl.styles import Font

from .money import money_rows, money_total

HEADERS = ["站点", "部门", "事项", "实收(元)", "退费(元)", "净收(元)", "待缴(元)"]


def money_sheet(wb, query) -> None:
    ws = wb.create_sheet("收费")
    ws.append([f"收费:实收、退费与待缴 {query.start} 至 {query.end}"])
    ws["A1"].font = Font(bold=True)
    ws.append(HEADERS)
    rows = money_rows(query)
    for r in [*rows, money_total(rows)]:
        amounts = (r.collected_fen, r.refunded_fen, r.net_fen, r.outstanding_fen)
        ws.append([r.site, r.department, r.item, *(Decimal(v) / 100 for v in amounts)])
    for column in ("D", "E", "F", "G"):
        for cell in ws[column][2:]:
            cell.number_format = "0.00"
