"""Read an exchange file (JSON or Excel) into records, collecting every bad value with where
it is: the item (基本编码), the row (JSON: the item's position, 1-based; Excel: the sheet's
row) and the field. Nothing here touches the database."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

from yichuang.common.errors import Problem

from .fields import FEE, IMPLEMENTATION, MATERIAL, STANDARD, STEP, VERSION, F

FORMAT = "yichuang-catalog-exchange/1"
MAX_BYTES = 200 * 1024 * 1024
PUBLISHED = "published"


@dataclass
class Record:
    basic_code: str
    where: str  # "第3项" (JSON) or "事项表第5行" (Excel), for messages
    row: int
    standard: dict = field(default_factory=dict)
    version: dict = field(default_factory=dict)
    materials: list[dict] = field(default_factory=list)
    steps: list[dict] = field(default_factory=list)
    fees: list[dict] = field(default_factory=list)
    implementations: list[dict] = field(default_factory=list)


class Reader:
    def __init__(self):
        self.problems: list[Problem] = []

    def bad(self, record_where: str, basic_code: str, row: int, key: str, header: str, code: str, message: str):
        self.problems.append(
            Problem(
                code,
                f"{record_where}(事项{basic_code or '?'})“{header}”:{message}",
                key,
                {"item": basic_code, "row": row, "field": key},
            )
        )

    def value(self, raw, f: F, where: str, code: str, row: int, enum_hint: dict | None = None):
        """The field's value from `raw`, or None after recording why it is wrong."""
        missing = raw is None or (isinstance(raw, str) and not raw.strip())
        if missing:
            if f.required:
                self.bad(where, code, row, f.key, f.header, "required", "必填,不能为空。")
            return None
        if f.kind == "int":
            if isinstance(raw, float) and raw.is_integer():
                raw = int(raw)
            if isinstance(raw, str) and raw.strip().isdigit():
                raw = int(raw.strip())
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0 or raw > 10000:
                self.bad(
                    where, code, row, f.key, f.header, "not_an_integer", f"应为0–10000的整数,不是“{str(raw)[:20]}”。"
                )
                return None
            return raw
        if f.kind == "bool":
            if isinstance(raw, bool):
                return raw
            if isinstance(raw, str) and raw.strip() in ("是", "否"):
                return raw.strip() == "是"
            self.bad(
                where,
                code,
                row,
                f.key,
                f.header,
                "not_a_boolean",
                f"应为“是”或“否”(JSON 为 true/false),不是“{str(raw)[:20]}”。",
            )
            return None
        text = str(raw).strip() if not isinstance(raw, (dict, list)) else None
        if text is None:
            self.bad(where, code, row, f.key, f.header, "not_text", "应为文字,不能是列表或对象。")
            return None
        if f.kind == "choice":
            found = f.code_for(text)
            if found is None:
                self.bad(
                    where,
                    code,
                    row,
                    f.key,
                    f.header,
                    "unknown_code",
                    f"“{text[:20]}”不是可用的代码,可用:{'、'.join(f.choices)}。",
                )
            return found
        if f.max_length and len(text) > f.max_length:
            self.bad(where, code, row, f.key, f.header, "too_long", f"超过{f.max_length}个字。")
            return None
        if "\x00" in text:
            self.bad(where, code, row, f.key, f.header, "null_character", "不能包含空字符。")
            return None
        return text

    def fields(self, data: dict, spec, where: str, code: str, row: int) -> dict:
        return {f.key: self.value(data.get(f.key), f, where, code, row) for f in spec}


def read_json(content: bytes, reader: Reader) -> list[Record]:
    try:
        doc = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        reader.problems.append(Problem("not_json", f"文件不是 UTF-8 编码的 JSON:{str(exc)[:120]}", "file"))
        return []
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("items"), list):
        reader.problems.append(
            Problem("not_exchange_format", f"文件须为对象,format 为“{FORMAT}”,items 为事项列表。", "file")
        )
        return []
    default_status = doc.get("status", PUBLISHED)
    records = []
    for index, item in enumerate(doc["items"], start=1):
        where = f"第{index}项"
        if not isinstance(item, dict):
            reader.problems.append(Problem("not_an_object", f"{where}:事项应为对象。", "items", {"row": index}))
            continue
        code = str(item.get("basic_code") or "").strip()[:40]
        record = Record(code, where, index)
        record.standard = reader.fields(item, STANDARD, where, code, index)
        record.version = reader.fields(item, VERSION, where, code, index)
        for key, spec, word in (("materials", MATERIAL, "材料"), ("steps", STEP, "环节"), ("fees", FEE, "收费")):
            for n, part in enumerate(_list(item, key, reader, where, code, index), start=1):
                getattr(record, key).append(reader.fields(part, spec, f"{where}{word}{n}", code, index))
        for n, imp in enumerate(_list(item, "implementations", reader, where, code, index), start=1):
            values = reader.fields(imp, IMPLEMENTATION, f"{where}实施{n}", code, index)
            values["status"] = values["status"] or default_status
            record.implementations.append(values)
        records.append(record)
    return records


def _list(item: dict, key: str, reader: Reader, where: str, code: str, row: int) -> list[dict]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        reader.bad(where, code, row, key, key, "not_a_list", "应为对象列表。")
        return []
    return value


# ---------------------------------------------------------------- Excel: three sheets, one record per 基本编码

SHEETS = {
    "事项": STANDARD + VERSION,
    "材料": (STANDARD[0], *MATERIAL),
    "环节": (STANDARD[0], *STEP),
    "收费": (STANDARD[0], *FEE),
    "实施": (STANDARD[0], *IMPLEMENTATION),
}
PART_SHEETS = {"材料": ("materials", MATERIAL), "环节": ("steps", STEP), "收费": ("fees", FEE)}


def read_excel(content: bytes, reader: Reader, default_status: str = PUBLISHED) -> list[Record]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        reader.problems.append(Problem("not_excel", f"文件不是 Excel(.xlsx)工作簿:{str(exc)[:120]}", "file"))
        return []
    missing = [name for name in ("事项", "实施") if name not in book.sheetnames]
    if missing:
        reader.problems.append(Problem("sheet_missing", f"工作簿缺少工作表:{'、'.join(missing)}。", "file"))
        return []
    records: dict[str, Record] = {}
    for name, spec in SHEETS.items():
        if name not in book.sheetnames:  # 材料, 环节, 收费 may be left out of a workbook that has none
            continue
        rows = book[name].iter_rows(values_only=True)
        headers = [str(h or "").strip() for h in next(rows, ())]
        absent = [f.header for f in spec if f.required and f.header not in headers]
        if absent:
            reader.problems.append(Problem("column_missing", f"“{name}”工作表缺少列:{'、'.join(absent)}。", name))
            continue
        column = {h: i for i, h in enumerate(headers)}
        for number, cells in enumerate(rows, start=2):
            if not any(c not in (None, "") for c in cells):
                continue
            data = {
                f.key: cells[column[f.header]] if f.header in column and column[f.header] < len(cells) else None
                for f in spec
            }
            code = str(data.get("basic_code") or "").strip()[:40]
            where = f"“{name}”工作表第{number}行"
            if name == "事项":
                record = Record(code, where, number)
                record.standard = reader.fields(data, STANDARD, where, code, number)
                record.version = reader.fields(data, VERSION, where, code, number)
                if code in records:
                    reader.bad(
                        where,
                        code,
                        number,
                        "basic_code",
                        "基本编码",
                        "duplicate_item",
                        f"与{records[code].where}重复。",
                    )
                    continue
                records[code] = record
                continue
            owner = records.get(code)
            if owner is None:
                reader.bad(
                    where, code, number, "basic_code", "基本编码", "unknown_item", "“事项”工作表中没有这个基本编码。"
                )
                continue
            if name in PART_SHEETS:
                key, part = PART_SHEETS[name]
                getattr(owner, key).append(reader.fields(data, part, where, code, number))
            else:
                values = reader.fields(data, IMPLEMENTATION, where, code, number)
                values["status"] = values["status"] or default_status
                owner.implementations.append(values)
    return list(records.values())


def read(name: str, content: bytes, reader: Reader) -> list[Record]:
    if len(content) > MAX_BYTES:
        reader.problems.append(Problem("too_large", "文件超过200MB。", "file"))
        return []
    if name.lower().endswith(".xlsx"):
        return read_excel(content, reader)
    return read_json(content, reader)
