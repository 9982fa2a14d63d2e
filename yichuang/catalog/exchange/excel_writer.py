"""An exchange document written as the Excel form (事项, 材料, 环节, 收费, 实施 sheets with the
Chinese headers of `fields`): for tests, the documentation's template and people who export
the province's JSON to review it in a spreadsheet."""

from __future__ import annotations

import io

from .reading import SHEETS

PART_KEYS = {"材料": "materials", "环节": "steps", "收费": "fees", "实施": "implementations"}


def workbook_bytes(doc: dict) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, spec in SHEETS.items():
        sheet = book.create_sheet(name)
        sheet.append([f.header for f in spec])
        for item in doc["items"]:
            if name == "事项":
                sheet.append([_cell(item.get(f.key)) for f in spec])
                continue
            for part in item.get(PART_KEYS[name], []):
                values = {**part, "basic_code": item["basic_code"]}
                if name == "实施" and "status" not in part:
                    values["status"] = doc.get("status", "published")
                sheet.append([_cell(values.get(f.key)) for f in spec])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value):
    if isinstance(value, bool):
        return "是" if value else "否"
    return value
