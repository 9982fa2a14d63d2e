"""Phase 1 of the import: read the workbook into item versions with their parts (Drafts),
in memory, without touching the database. Every cell that cannot be read becomes a
CellError naming the sheet, row and column; reading goes on, so one pass finds them all.
"""

from __future__ import annotations

import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..models import ItemVersion
from ..validation import Draft
from .columns import ITEM_KEY_HEADER, ITEMS, OLD_ITEM_KEY_HEADER, PART_SHEETS, SHEETS, CellProblem, SheetSpec, is_blank

SHEET_ORDER = {s.name: i for i, s in enumerate(SHEETS)}


class NullBar:
    """Stands in for tqdm when nobody watches."""

    def __init__(self, *args, **kwargs):
        pass

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class CellError:
    """One problem of an import, where a person will find it: sheet, row, column."""

    sheet: str
    row: int | None
    column: str | None  # the column letter in the workbook that was read
    header: str | None
    message: str
    code: str

    @property
    def cell(self) -> str:
        return " ".join(p for p in (self.column, self.header) if p) or "—"

    def sort_key(self) -> tuple:
        col = self.column or ""
        return SHEET_ORDER.get(self.sheet, 99), self.row or 0, len(col), col, self.code


@dataclass
class ParsedRow:
    number: int  # the row number people see in Excel (the header is row 1)
    values: dict
    bad: set = field(default_factory=set)  # attributes whose cell could not be read


@dataclass
class ReadSheet:
    spec: SheetSpec
    positions: dict  # attribute → 0-based column index in the workbook that was read
    rows: list = field(default_factory=list)

    def error(self, row: int | None, attr: str | None, code: str, message: str) -> CellError:
        column = self.spec.column(attr) if attr else None
        pos = self.positions.get(attr)
        return CellError(
            self.spec.name,
            row,
            get_column_letter(pos + 1) if pos is not None else None,
            column.header if column else None,
            message,
            code,
        )


def read_sheet(ws, spec: SheetSpec, errors: list[CellError], bar) -> ReadSheet | None:
    """Read one sheet into ParsedRows; cell problems go to `errors`. Returns None when the
    header row is unusable (then the rows would only produce confusing follow-on errors)."""
    ws.reset_dimensions()  # some writers record no or wrong dimensions; read what is there
    rows = ws.iter_rows(values_only=True)
    header = next(rows, ())
    by_header = {c.header: c for c in spec.columns}
    if ITEM_KEY_HEADER in by_header:  # workbooks exported before issue 17
        by_header.setdefault(OLD_ITEM_KEY_HEADER, by_header[ITEM_KEY_HEADER])
    positions: dict[str, int] = {}
    structural = []
    for i, text in enumerate(header):
        if is_blank(text):
            continue
        col = by_header.get(str(text).strip())
        letter = get_column_letter(i + 1)
        if col is None:
            structural.append(
                CellError(spec.name, 1, letter, str(text), f"无法识别的列“{text}”,请删除或改正列名。", "unknown_column")
            )
        elif col.attr in positions:
            structural.append(
                CellError(spec.name, 1, letter, col.header, f"列“{col.header}”重复。", "duplicate_column")
            )
        else:
            positions[col.attr] = i
    for col in spec.readable:
        if col.attr not in positions:
            structural.append(CellError(spec.name, 1, None, col.header, f"缺少列“{col.header}”。", "column_missing"))
    errors += structural
    if structural:
        return None
    sheet = ReadSheet(spec, positions)
    readable = [(c, positions[c.attr]) for c in spec.readable]
    for number, raw in enumerate(rows, start=2):
        bar.update(1)
        if all(is_blank(v) for v in raw):
            continue
        values, bad = {}, set()
        for col, pos in readable:
            try:
                values[col.attr] = col.parse(raw[pos] if pos < len(raw) else None)
            except CellProblem as p:
                values[col.attr] = None if col.required else col.default
                bad.add(col.attr)
                errors.append(sheet.error(number, col.attr, p.code, p.message))
        sheet.rows.append(ParsedRow(number, values, bad))
    return sheet


@dataclass
class Entry:
    """One 事项 row: an item version with its parts and the rows they came from."""

    row: ParsedRow
    basic_code: str
    number: int
    draft: Draft
    part_rows: dict = field(default_factory=dict)  # part name → ParsedRows in draft order
    existing: ItemVersion | None = None
    action: str = "create"  # create | replace | unchanged | retire

    @property
    def status(self) -> str:
        return self.draft.version.status

    @property
    def writes(self) -> bool:
        return self.action in ("create", "replace")

    @property
    def version_id(self) -> int:
        return self.draft.version.pk or self.existing.pk


@dataclass
class Workbook:
    """What phase 1 hands on: the sheets read, the versions keyed by (基本编码, 版本号)."""

    sheets: dict[str, ReadSheet]
    entries: dict[tuple[str, int], Entry]
    digest: str  # sha256 of the file, for the audit record


def read_workbook(source, errors: list[CellError], progress=NullBar) -> Workbook | None:
    """Read `source` (a path or a binary file). Returns None when the file or its layout
    (a sheet, a column) is unusable: then every row would only produce follow-on errors."""
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # not an .xlsx, a damaged zip …: say so instead of a traceback
        errors.append(CellError("", None, None, None, f"无法读取工作簿:{exc}", "bad_file"))
        return None
    sheets: dict[str, ReadSheet | None] = {}
    bar = progress(desc="读取工作簿", unit="行")
    try:
        for spec in SHEETS:
            if spec.name in book.sheetnames:
                sheets[spec.name] = read_sheet(book[spec.name], spec, errors, bar)
            elif spec.required:
                errors.append(CellError(spec.name, None, None, None, f"缺少工作表“{spec.name}”。", "sheet_missing"))
                sheets[spec.name] = None
            else:
                sheets[spec.name] = ReadSheet(spec, {})  # an optional sheet left out: nothing to import
    finally:
        bar.close()
        book.close()
    if None in sheets.values():
        return None
    return Workbook(sheets, _entries(sheets, errors), hashlib.sha256(data).hexdigest())


def _entries(sheets: dict[str, ReadSheet], errors: list[CellError]) -> dict[tuple[str, int], Entry]:
    entries: dict[tuple[str, int], Entry] = {}
    items = sheets[ITEMS.name]
    for row in items.rows:
        key = (row.values["basic_code"], row.values["number"])
        if None in key:
            continue  # the key cell's own error is already reported
        if key in entries:
            errors.append(
                items.error(
                    row.number,
                    "basic_code",
                    "duplicate_key",
                    f"与第{entries[key].row.number}行重复(基本编码和版本号相同)。",
                )
            )
            continue
        version = ItemVersion(**{a: row.values[a] for a in ITEMS.fields}, number=key[1])
        entries[key] = Entry(row, key[0], key[1], Draft(version))
    for spec in PART_SHEETS:
        sheet, grouped, seen = sheets[spec.name], defaultdict(list), {}
        for row in sheet.rows:
            key = (row.values["basic_code"], row.values["number"], row.values["order"])
            if None in key:
                continue
            if key in seen:
                errors.append(
                    sheet.error(
                        row.number, "order", "duplicate_key", f"与第{seen[key]}行重复(基本编码、版本号和序号相同)。"
                    )
                )
                continue
            seen[key] = row.number
            if key[:2] not in entries:
                errors.append(
                    sheet.error(
                        row.number,
                        "basic_code",
                        "unknown_version",
                        f"“事项”工作表中没有基本编码“{key[0]}”版本号{key[1]}的行。",
                    )
                )
                continue
            grouped[key[:2]].append(row)
        for vkey, rows in grouped.items():
            rows.sort(key=lambda r: r.values["order"])
            entry = entries[vkey]
            entry.part_rows[spec.part] = rows
            # 序号 only orders the rows; stored orders are 1…n as services._save_parts makes them.
            setattr(
                entry.draft,
                spec.part,
                [spec.model(**{a: r.values[a] for a in spec.fields}, order=i) for i, r in enumerate(rows, start=1)],
            )
    return entries
