"""Export the catalogue to an Excel workbook that the importer reads back unchanged.

The workbook is written in openpyxl's write-only mode: it streams rows to the file instead of
building every cell object in memory, which keeps a county's whole catalogue (tens of
thousands of rows) fast to export.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from yichuang.common.errors import DomainError, Problem
from yichuang.org.models import Site

from ..models import Bundle, BundleItem, ItemVersion, SiteItem
from ..models.choices import VersionStatus
from .columns import BUNDLES, ITEMS, PART_SHEETS, SITE_ITEMS, Column, SheetSpec, Text

HEADER_FONT = Font(bold=True)
INFO_FONT = Font(bold=True, italic=True, color="808080")  # informational: not read back on import
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGN = Alignment(vertical="center", wrap_text=True)


def _dropdown(col: Column, letter: str) -> DataValidation | None:
    formula = '"' + ",".join(col.kind.options) + '"'
    if len(formula) > 255 or any("," in o for o in col.kind.options):
        return None  # Excel cannot hold such an inline list; the importer still checks the value
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=not col.required,
        showErrorMessage=True,
        errorTitle="无效的值",
        error=f"请从下拉列表中选择“{col.header}”。",
        promptTitle=col.header,
        prompt="请从下拉列表中选择",
        showInputMessage=True,
    )
    dv.add(f"{letter}2:{letter}1048576")
    return dv


def _header(ws, col: Column) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, col.header)
    cell.font, cell.fill, cell.alignment = (INFO_FONT if col.info else HEADER_FONT), HEADER_FILL, HEADER_ALIGN
    return cell


def _cell(ws, value):
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith("="):
        # Text such as a CEL expression "== …" must stay text, not become an Excel formula.
        cell = WriteOnlyCell(ws, value)
        cell.data_type = "s"
        return cell
    return value


def write_sheet(book: Workbook, spec: SheetSpec, rows: Iterable[dict]) -> int:
    """Write one sheet: bold frozen header, column widths, dropdowns for choices; `rows` are
    dicts of attribute → model value, converted to cells by the sheet's columns."""
    ws = book.create_sheet(spec.name)
    for i, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        if isinstance(col.kind, Text) and col.kind.strip:
            ws.column_dimensions[letter].number_format = "@"  # codes like 000123 must stay text
        dv = _dropdown(col, letter) if col.kind.options and not col.info else None
        if dv:
            ws.data_validations.append(dv)
    ws.freeze_panes = f"{get_column_letter(spec.frozen + 1)}2"
    ws.append([_header(ws, c) for c in spec.columns])
    count = 0
    for values in rows:
        ws.append([_cell(ws, v) for v in spec.cells(values)])
        count += 1
    return count


def _version_values(v: ItemVersion) -> dict:
    values = {attr: getattr(v, attr) for attr in ITEMS.fields}
    values.update(
        basic_code=v.item.implementation_code,
        number=v.number,
        department_code=v.department.credit_code,
        department_name=v.department.name,
    )
    return values


def _part_values(spec: SheetSpec, versions: list[ItemVersion], version_ids) -> Iterable[dict]:
    by_version = defaultdict(list)
    rows = spec.model.objects.filter(version__in=version_ids).order_by("version_id", "order", "id")
    for row in rows.values("version_id", *spec.fields):
        by_version[row["version_id"]].append(row)
    for v in versions:
        # 序号 is the position within the version, so the stored `order` gaps never leak out.
        for position, row in enumerate(by_version.get(v.pk, ()), start=1):
            yield {**row, "basic_code": v.item.implementation_code, "number": v.number, "order": position}


def _site_item_values(site_items) -> Iterable[dict]:
    for si in site_items:
        yield {
            "site_code": si.site.code,
            "site_name": si.site.name,
            "basic_code": si.item.implementation_code,
            "number": si.version.number,
            "item_name": si.version.name,
            "is_active": si.is_active,
            "filed_at": si.filed_at,
        }


def _bundle_values(exported_codes: set[str]) -> Iterable[dict]:
    members = Prefetch("bundle_items", queryset=BundleItem.objects.select_related("item").order_by("order", "id"))
    for bundle in Bundle.objects.prefetch_related(members).order_by("code"):
        codes = [bi.item.implementation_code for bi in bundle.bundle_items.all()]
        # A bundle whose items are not all in this workbook could not be imported from it.
        if set(codes) <= exported_codes:
            yield {**{attr: getattr(bundle, attr) for attr in BUNDLES.fields}, "item_codes": codes}


def export_workbook(dest, *, published_only: bool = False, site_code: str | None = None) -> dict[str, int]:
    """Write the catalogue to `dest` (a path or a binary file). `published_only` leaves out
    drafts and retired versions; `site_code` keeps the items on that site's implementation
    list. Returns the number of data rows per sheet."""
    versions = ItemVersion.objects.select_related("item", "department").order_by("item__implementation_code", "number")
    site_items = SiteItem.objects.select_related("site", "item", "version").order_by(
        "site__code", "item__implementation_code"
    )
    if published_only:
        versions = versions.filter(status=VersionStatus.PUBLISHED)
    if site_code:
        site = Site.objects.filter(code=site_code).first()
        if site is None:
            raise DomainError(Problem("unknown_site", f"没有编码为“{site_code}”的站点。", "site"))
        versions = versions.filter(item__site_items__site=site)
        site_items = site_items.filter(site=site)
    version_ids = versions.values("pk")
    site_items = site_items.filter(version__in=version_ids)
    version_list = list(versions)

    book = Workbook(write_only=True)
    counts = {ITEMS.name: write_sheet(book, ITEMS, map(_version_values, version_list))}
    for spec in PART_SHEETS:
        counts[spec.name] = write_sheet(book, spec, _part_values(spec, version_list, version_ids))
    counts[SITE_ITEMS.name] = write_sheet(book, SITE_ITEMS, _site_item_values(site_items))
    codes = {v.item.implementation_code for v in version_list}
    counts[BUNDLES.name] = write_sheet(book, BUNDLES, _bundle_values(codes))
    book.save(dest)
    return counts
