"""Bulk import of a county's existing licences into the own store (issue 17 §5, R-42), from
CSV (UTF-8, with or without BOM) or Excel (.xlsx, first sheet). The first row names the
columns (COLUMNS). Every row goes through the same services as a licence issued here; a row
refused is reported by row number and column, and then NOTHING is written: one transaction."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from yichuang.common.errors import DomainError, Problem
from yichuang.people import selectors as people_selectors
from yichuang.people import services as people
from yichuang.people.licence_ids import is_valid_licence_id
from yichuang.people.models import Applicant, Licence

# Column header → the service's field name.
COLUMNS = {
    "持证主体类型": "kind",
    "持证主体证件号码": "holder_number",
    "持证主体名称": "holder_name",
    "证照类型代码": "type_code",
    "证照类型名称": "type_name",
    "颁发机构": "issuer_name",
    "颁发机构统一社会信用代码": "issuer_credit_code",
    "颁发日期": "issued_on",
    "有效期至": "valid_until",
    "电子证照标识": "number",
}
REQUIRED = ("持证主体证件号码", "证照类型代码", "证照类型名称", "颁发机构", "颁发机构统一社会信用代码", "颁发日期")
KINDS = {"": Applicant.Kind.NATURAL, "自然人": Applicant.Kind.NATURAL, "法人": Applicant.Kind.LEGAL}
# Service field → column header, to name the column of a problem the services report.
_HEADER = {
    **{v: k for k, v in COLUMNS.items()},
    "licence_type_code": "证照类型代码",
    "licence_type_name": "证照类型名称",
    "name": "持证主体名称",
    "citizen_id": "持证主体证件号码",
    "credit_code": "持证主体证件号码",
}
MAX_ROWS = 50_000


def read_rows(name: str, content: bytes) -> list[dict]:
    """[{header: text}] of the data rows; DomainError if the file is not a table we can read."""
    try:
        if Path(name).suffix.lower() == ".xlsx":
            import openpyxl

            sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
            table = [["" if c is None else c for c in row] for row in sheet.iter_rows(values_only=True)]
        else:
            table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error, OSError, ValueError, KeyError) as err:
        raise DomainError(Problem("unreadable_file", "文件无法读取:请上传UTF-8编码的CSV或.xlsx文件。", "file")) from err
    if not table:
        raise DomainError(Problem("empty_file", "文件为空。", "file"))
    headers = [str(h).strip() for h in table[0]]
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        raise DomainError(Problem("missing_columns", f"缺少列:{'、'.join(missing)}。", "file"))
    if len(table) - 1 > MAX_ROWS:
        raise DomainError(Problem("too_many_rows", f"一次最多导入{MAX_ROWS}行。", "file"))
    return [dict(zip(headers, row, strict=False)) for row in table[1:] if any(str(c).strip() for c in row)]


def _date(value, header: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DomainError(Problem("invalid_date", "日期应写成2024-05-01的形式。", COLUMNS[header])) from None


def _text(row: dict, header: str) -> str:
    value = row.get(header, "")
    return str(value if value is not None else "").strip()


def _import_row(row: dict, actor: str) -> Licence:
    missing = [Problem("required", "不能为空。", COLUMNS[h]) for h in REQUIRED if not _text(row, h)]
    if missing:
        raise DomainError(missing)
    kind = KINDS.get(_text(row, "持证主体类型"))
    if kind is None:
        raise DomainError(Problem("invalid_kind", "应为“自然人”或“法人”。", "kind"))
    issued_on, valid_until = _date(row.get("颁发日期"), "颁发日期"), _date(row.get("有效期至"), "有效期至")
    holder_number = _text(row, "持证主体证件号码")
    # A registered holder is taken as registered: an import does not overwrite 一数一源 master data.
    holder = people_selectors.find_applicant(kind, holder_number) or people.find_or_create_applicant(
        kind, holder_number, actor=actor, reason="证照批量导入", name=_text(row, "持证主体名称")
    )
    args = dict(
        holder=holder,
        type_code=_text(row, "证照类型代码").upper(),
        type_name=_text(row, "证照类型名称"),
        issuer_name=_text(row, "颁发机构"),
        issuer_credit_code=_text(row, "颁发机构统一社会信用代码").upper(),
        data={},
        valid_until=valid_until,
        issued_on=issued_on,
        actor=actor,
    )
    number = _text(row, "电子证照标识").upper()
    if not number:
        return people.issue_licence(**args)
    return _existing(number, args)


def _existing(number: str, args: dict) -> Licence:
    """A licence issued before the platform keeps the identifier printed on it."""
    parts = number.split(".")
    if not is_valid_licence_id(number) or parts[-5] != args["type_code"] or parts[-4] != args["issuer_credit_code"]:
        raise DomainError(
            Problem("invalid_licence_number", "电子证照标识无效,或与证照类型代码、颁发机构代码不符。", "number")
        )
    licence = Licence(
        holder=args["holder"],
        licence_type_code=args["type_code"],
        licence_type_name=args["type_name"],
        number=number,
        serial=int(parts[-3]),
        version=int(parts[-2]),
        issuer_name=args["issuer_name"],
        issuer_credit_code=args["issuer_credit_code"],
        issued_on=args["issued_on"],
        valid_until=args["valid_until"],
    )
    try:
        licence.full_clean()
    except ValidationError as err:
        raise DomainError(
            [Problem("invalid", m, f) for f, ms in err.message_dict.items() for m in ms if f != "__all__"]
            or [Problem("duplicate_licence", "该证照已在库中。", "number")]
        ) from None
    licence.save()
    return licence


def _located(problem: Problem, line: int) -> Problem:
    header = _HEADER.get(problem.field or "", problem.field or "")
    where = f"第{line}行" + (f"“{header}”列" if header else "")
    return Problem(problem.code, f"{where}:{problem.message}", problem.field, {"row": line, "column": header})


def import_licences(rows: list[dict], *, actor: str) -> int:
    """Write every row or none; DomainError lists each refused row by row number and column."""
    problems: list[Problem] = []
    with transaction.atomic():
        for line, row in enumerate(rows, start=2):  # row 1 is the header
            try:
                with transaction.atomic():
                    _import_row(row, actor)
            except DomainError as err:
                problems += [_located(p, line) for p in err.problems]
            except IntegrityError:
                problems.append(_located(Problem("duplicate_licence", "该证照已在库中。", "number"), line))
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise DomainError(problems)
    return len(rows)
