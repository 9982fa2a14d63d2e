"""Reading what people type into query strings, forms and URLs: one strict rule per kind, the
same on every page and API (issue 13).

Every reader either returns a clean value or raises `DomainError` with a Chinese message and the
field's name — pages show it (a 400 page or the form again), the API answers it as the
structured error. What each one refuses, and why:

- NUL and other control characters: PostgreSQL cannot store NUL in text (a 500 there, silently
  kept on SQLite); no one types them.
- Digits of other scripts (１２３, ١٢٣): `int()` reads them, so "１２３" would pass as 123 into a
  number shown and stored elsewhere in ASCII. Only [0-9].
- Numbers beyond the columns (10**30, 5000 digits): a database overflow, or Python's int()
  limit of 4,300 digits raising ValueError.
(Decimal numbers and dates have readers where they are read: the hall's form numbers in
portal/forms_data.py, the scorecard periods in supervision/params.py.)

API (all keyword arguments after the value are optional):

    text(value, field, *, max_length=200, label="")              -> str (stripped)
    without_control_characters(value)                            -> str (search boxes: NUL → space)
    code(value, field="code", *, max_length=64)                  -> str | None (None: not a code)
    integer(value, field, *, minimum=None, maximum=None, default=None, label="") -> int
"""

from __future__ import annotations

import re

from .errors import DomainError, Problem

MAX_INTEGER = 2**63 - 1  # BIGINT; smaller columns pass their own maximum
_INTEGER = re.compile(r"[+-]?[0-9]+")
_CODE = re.compile(r"[A-Za-z0-9_.-]+")
# Control characters (C0 and DEL) other than tab and line breaks, which text areas send.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNSET = object()


def _refuse(field: str, code: str, message: str):
    raise DomainError(Problem(code, message, field))


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL.search(value))


def without_control_characters(value: str | None) -> str:
    """For search boxes, where refusing is less kind than ignoring: control characters become spaces."""
    return _CONTROL.sub(" ", value or "")


def text(value, field: str, *, max_length: int = 200, label: str = "") -> str:
    """Free text, stripped; refused with control characters or beyond max_length characters."""
    value = "" if value is None else str(value)
    if has_control_characters(value):
        _refuse(field, "invalid_characters", f"{label or '输入内容'}含有不可见的控制字符,请重新输入。")
    value = value.strip()
    if len(value) > max_length:
        _refuse(field, "too_long", f"{label or '输入内容'}不能超过{max_length}个字。")
    return value


def code(value, field: str = "code", *, max_length: int = 64) -> str | None:
    """An identifier from a URL or a select box (site code, item code, bundle code): the value
    when it could be one, None when it cannot — the caller answers "not found" as for any other
    unknown code, without asking the database."""
    value = "" if value is None else str(value).strip()
    return value if value and len(value) <= max_length and _CODE.fullmatch(value) else None


def _blank(value) -> bool:
    return value is None or str(value).strip() == ""


def integer(
    value, field: str, *, minimum: int | None = None, maximum: int | None = None, default=_UNSET, label: str = ""
) -> int:
    """A whole number of ASCII digits within [minimum, maximum] (and within BIGINT)."""
    name = label or "该项"
    if _blank(value):
        if default is not _UNSET:
            return default
        _refuse(field, "required", f"请填写{name}。")
    raw = str(value).strip()
    if not _INTEGER.fullmatch(raw):
        _refuse(field, "invalid_integer", f"{name}须为整数(阿拉伯数字0-9)。")
    low = -MAX_INTEGER if minimum is None else minimum
    high = MAX_INTEGER if maximum is None else maximum
    # Digits counted before int(): 5,000 of them are out of range, not int()'s own ValueError.
    if len(raw.lstrip("+-").lstrip("0")) > 19 or not low <= int(raw) <= high:
        _refuse(field, "out_of_range", f"{name}须在{low}至{high}之间。")
    return int(raw)
