"""成绩单 Excel export (openpyxl): the same figures as the page, one row per group."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from . import scorecards
from .money_excel import money_sheet
from .scorecards import Scorecard

COUNT_COLUMNS = [
    ("received", "收件"),
    ("accepted", "受理"),
    ("completed", "办结"),
    ("overdue", "超期办结"),
    ("instant", "即办件"),
    ("online", "网上申请"),
    ("one_visit", "最多跑一次"),
    ("materials_reused", "免提交材料"),
    ("evaluations", "评价数"),
    ("bad_reviews", "差评数"),
]


def columns():
    return (
        COUNT_COLUMNS
        + [(k, v[0]) for k, v in scorecards.RATES.items()]
        + [(k, v[0]) for k, v in scorecards.AVERAGES.items()]
    )


def workbook_bytes(card: Scorecard) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "成绩单"
    q = card.query
    ws.append([f"亮晒成绩单 {q.start} 至 {q.end},按{scorecards.DIMENSIONS[q.by]}"])
    ws["A1"].font = Font(bold=True)
    header = [scorecards.DIMENSIONS[q.by]] + [label for _, label in columns()]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in [*card.rows, {"label": "合计", **card.total}]:
        ws.append([str(row["label"])] + [row.get(key) for key, _ in columns()])
    for key_index, (key, _) in enumerate(columns(), start=2):
        if key in scorecards.RATES:
            for (cell,) in ws.iter_rows(min_row=3, min_col=key_index, max_col=key_index):
                cell.number_format = "0.0%"
    targets = wb.create_sheet("目标对照")
    targets.append(["指标", "目标", "实际", "是否达标", "依据(种子文件002)"])
    for t in scorecards.targets_against(card.total):
        met = "—" if t["met"] is None else ("达标" if t["met"] else "未达标")
        targets.append([t["name"], t["label"], t["actual"], met, t["source"]])
    money_sheet(wb, card.query)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
