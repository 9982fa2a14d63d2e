"""The catalogue workbook's layout: one definition of every sheet and column, used by the
exporter to write and by the importer to read, so a column cannot mean one thing on the way
out and another on the way in.

Columns are derived from the model fields (verbose_name, max_length, choices, blank, default):
a field added to a model appears in the workbook without touching this file. Choices travel
as their Chinese labels ("行政许可", "容缺(可后补)"), booleans as 是/否, because the people who
fill the workbook in Excel or WPS read labels, not codes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import models
from django.utils import timezone

from ..models import Bundle, Fee, ItemVersion, Material, Rule, SiteItem, SpecialProcedure, Step

YES, NO = "是", "否"


class CellProblem(Exception):
    """A cell's content cannot be turned into a value; the reader turns it into a CellError."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def display_width(text: str) -> int:
    # CJK characters take two columns in Excel's width unit.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _integral(raw: Any) -> Any:
    # Excel stores every number as a float; 5.0 typed in a text or number cell means 5.
    return int(raw) if isinstance(raw, float) and raw.is_integer() else raw


class Kind:
    """A converter between a model value and a cell value."""

    width = 14
    options: tuple[str, ...] = ()  # offered as a dropdown when not empty

    def to_cell(self, value: Any) -> Any:
        return value

    def from_cell(self, raw: Any) -> Any:  # raw is never blank here
        return raw


class Text(Kind):
    def __init__(
        self, max_length: int | None = None, strip: bool = False, pattern: str | None = None, pattern_message: str = ""
    ):
        self.max_length, self.strip = max_length, strip
        self.pattern, self.pattern_message = (re.compile(pattern) if pattern else None), pattern_message
        self.width = 50 if max_length is None else max(14, min(40, max_length // 5))

    def to_cell(self, value):
        return value or None

    def from_cell(self, raw):
        # Free text keeps its whitespace so that a round trip is exact; codes are trimmed
        # because a stray space after a code is invisible in Excel and never meant.
        text = str(_integral(raw))
        if self.strip:
            text = text.strip()
        if self.max_length and len(text) > self.max_length:
            raise CellProblem("too_long", f"超过最大长度{self.max_length}个字符(现有{len(text)}个)。")
        if self.pattern and not self.pattern.fullmatch(text):
            raise CellProblem("bad_format", self.pattern_message or f"“{text}”格式不正确。")
        return text


class Integer(Kind):
    width = 12

    def __init__(self, minimum: int = 0, maximum: int = 2147483647):
        self.minimum, self.maximum = minimum, maximum

    def from_cell(self, raw):
        value = _integral(raw)
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise CellProblem("not_integer", f"“{raw}”不是整数。")
        if value < self.minimum:
            raise CellProblem("out_of_range", f"不能小于{self.minimum}(现为{value})。")
        if value > self.maximum:
            raise CellProblem("out_of_range", f"不能大于{self.maximum}(现为{value})。")
        return value


class Choice(Kind):
    def __init__(self, choices, name: str = ""):
        self.label_of = {value: str(label) for value, label in choices}
        self.value_of = {label: value for value, label in self.label_of.items()}
        self.options = tuple(self.label_of.values())
        self.width = max(10, max(display_width(o) for o in self.options) + 2)

    def to_cell(self, value):
        return None if value is None or value == "" else self.label_of.get(value, value)

    def from_cell(self, raw):
        label = str(raw).strip()
        if label not in self.value_of:
            raise CellProblem("unknown_choice", f"“{label}”不是有效选项,可选:{'、'.join(self.options)}。")
        return self.value_of[label]


class Boolean(Choice):
    def __init__(self):
        super().__init__([(True, YES), (False, NO)])

    def from_cell(self, raw):
        return raw if isinstance(raw, bool) else super().from_cell(raw)


class Date(Kind):
    width = 13

    def from_cell(self, raw):
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise CellProblem("bad_date", f"“{raw}”不是有效日期,请填写如 2025-01-31。") from None


class DateTime(Kind):
    """Local wall-clock time to the second: Excel has no time zones, and sub-second digits
    would not survive its float storage, so both directions drop them."""

    width = 20

    def to_cell(self, value):
        return None if value is None else timezone.localtime(value).replace(tzinfo=None, microsecond=0)

    def from_cell(self, raw):
        if not isinstance(raw, dt.datetime):
            try:
                raw = dt.datetime.fromisoformat(str(raw).strip())
            except ValueError:
                raise CellProblem("bad_datetime", f"“{raw}”不是有效时间,请填写如 2025-01-31 09:30:00。") from None
        return raw if timezone.is_aware(raw) else timezone.make_aware(raw)


class CodeList(Kind):
    """Several codes in one cell, separated by 、 (commas and spaces are accepted too)."""

    width = 40

    def to_cell(self, value):
        return "、".join(value) or None

    def from_cell(self, raw):
        return [c for c in re.split(r"[、,，;；\s]+", str(raw)) if c]


@dataclass(frozen=True)
class Column:
    header: str
    attr: str
    kind: Kind
    required: bool = False
    default: Any = None
    info: bool = False  # shown to people (a department's name), ignored on import
    model_field: bool = False  # a model field that the importer copies onto the instance

    def parse(self, raw: Any) -> Any:
        if is_blank(raw):
            if self.required:
                raise CellProblem("required", f"“{self.header}”为必填项。")
            return self.default
        return self.kind.from_cell(raw)

    @property
    def width(self) -> int:
        return max(self.kind.width, display_width(self.header) + 2)


def _kind_for(f: models.Field) -> Kind:
    if f.choices:
        return Choice(f.choices)
    if isinstance(f, models.BooleanField):
        return Boolean()
    if isinstance(f, (models.PositiveSmallIntegerField, models.SmallIntegerField)):
        return Integer(0, 32767)
    if isinstance(f, models.IntegerField):
        return Integer(0)
    if isinstance(f, models.DateTimeField):
        return DateTime()
    if isinstance(f, models.DateField):
        return Date()
    if isinstance(f, models.TextField):
        return Text(None)
    return Text(f.max_length, strip=isinstance(f, models.SlugField))


def field_column(model, attr: str, header: str | None = None, kind: Kind | None = None) -> Column:
    f = model._meta.get_field(attr)
    required = not f.blank and not f.has_default()
    return Column(
        header or str(f.verbose_name),
        attr,
        kind or _kind_for(f),
        required,
        None if required else f.get_default(),
        model_field=True,
    )


# The key of an implementation (事项实施) in this workbook: its 实施编码. Since issue 17 one basic
# code (基本编码) is shared by many implementing bodies, so it can no longer key a row; workbooks
# exported before then head this column "基本编码" and carry the item's old code, which the
# import still finds (Item.legacy_code). The attribute keeps its old name inside the code.
ITEM_KEY_HEADER, OLD_ITEM_KEY_HEADER = "事项编码", "基本编码"
BASIC_CODE = Column(ITEM_KEY_HEADER, "basic_code", Text(80, strip=True), required=True)
NUMBER = Column("版本号", "number", Integer(1), required=True)
ORDER = Column("序号", "order", Integer(1, 32767), required=True)
DEPARTMENT_CODE = Column("实施主体统一社会信用代码", "department_code", Text(18, strip=True), required=True)
DEPARTMENT_NAME = Column("实施主体名称", "department_name", Text(128), info=True)
SITE_CODE = Column("站点编码", "site_code", Text(12, strip=True), required=True)
SITE_NAME = Column("站点名称", "site_name", Text(128), info=True)
ITEM_NAME = Column("事项名称", "item_name", Text(200), info=True)
ITEM_CODES = Column("包含事项(事项编码,用、分隔)", "item_codes", CodeList(), default=())

# System-kept values of a version: not part of its content when comparing with the database.
LIFECYCLE = ("status", "published_at", "retired_at")


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    part: str | None = None  # the Draft attribute a part sheet fills
    model: type | None = None
    required: bool = True
    frozen: int = 1  # leading columns kept visible when scrolling right

    @cached_property
    def readable(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.info)

    @cached_property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.attr for c in self.columns if c.model_field)

    @cached_property
    def content(self) -> tuple[str, ...]:
        return tuple(a for a in self.fields if a not in LIFECYCLE)

    def column(self, attr: str) -> Column | None:
        return next((c for c in self.columns if c.attr == attr), None)

    def cells(self, values: dict) -> list:
        return [c.kind.to_cell(values.get(c.attr)) for c in self.columns]


def _item_columns() -> tuple[Column, ...]:
    skip = {"id", "item", "number", "search_text", *LIFECYCLE}
    cols = [BASIC_CODE, NUMBER, field_column(ItemVersion, "status")]
    for f in ItemVersion._meta.concrete_fields:
        if f.name == "department":
            cols += [DEPARTMENT_CODE, DEPARTMENT_NAME]
        elif f.name not in skip:
            cols.append(field_column(ItemVersion, f.name))
    return (*cols, field_column(ItemVersion, "published_at"), field_column(ItemVersion, "retired_at"))


def _part_sheet(name: str, part: str, model) -> SheetSpec:
    fields = [
        field_column(model, f.name) for f in model._meta.concrete_fields if f.name not in {"id", "version", "order"}
    ]
    return SheetSpec(
        name, (BASIC_CODE, NUMBER, ORDER, *fields), ("basic_code", "number", "order"), part, model, frozen=3
    )


ITEMS = SheetSpec("事项", _item_columns(), ("basic_code", "number"), model=ItemVersion, frozen=4)
MATERIALS = _part_sheet("申请材料", "materials", Material)
FEES = _part_sheet("收费项目", "fees", Fee)
STEPS = _part_sheet("办理环节", "steps", Step)
PROCEDURES = _part_sheet("特别程序", "procedures", SpecialProcedure)
RULES = _part_sheet("受理审批条件", "rules", Rule)
SITE_ITEMS = SheetSpec(
    "实施清单",
    (
        SITE_CODE,
        SITE_NAME,
        BASIC_CODE,
        NUMBER,
        ITEM_NAME,
        field_column(SiteItem, "is_active"),
        field_column(SiteItem, "filed_at"),
    ),
    ("site_code", "basic_code"),
    model=SiteItem,
    required=False,
    frozen=3,
)
BUNDLES = SheetSpec(
    "一件事",
    (
        field_column(
            Bundle,
            "code",
            kind=Text(
                40, strip=True, pattern=r"[-a-zA-Z0-9_]+", pattern_message="编码只能由字母、数字、“-”和“_”组成。"
            ),
        ),
        *(field_column(Bundle, a) for a in ("name", "description", "keywords", "is_published")),
        ITEM_CODES,
    ),
    ("code",),
    model=Bundle,
    required=False,
)

PART_SHEETS = (MATERIALS, FEES, STEPS, PROCEDURES, RULES)
SHEETS = (ITEMS, *PART_SHEETS, SITE_ITEMS, BUNDLES)
SHEET_ORDER = {s.name: i for i, s in enumerate(SHEETS)}
