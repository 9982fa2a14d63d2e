"""Excel import/export of the catalogue (issue 2 §5): exact round trip, every error at its
cell, nothing written on error."""

import io

import openpyxl
import pytest

from yichuang.catalog.excel.planning import VERSION_IMMUTABLE
from yichuang.catalog.models import ItemVersion
from yichuang.catalog.tests.excel_helpers import (
    all_cells,
    column,
    counts,
    draft_item,
    edit,
    export_bytes,
    published_item,
    refused,
    row_of,
    run_import,
    set_cell,
    where,
    wipe_catalogue,
)
from yichuang.org.tests.factories import CountySiteFactory

pytestmark = pytest.mark.django_db


# ---- round trip ------------------------------------------------------------------------------
def test_export_then_import_round_trips_every_cell(rich_catalogue):
    first = export_bytes()
    wipe_catalogue()
    report = run_import(first)
    second = export_bytes()
    assert all_cells(first) == all_cells(second)
    assert report.created == 5 and report.site_items == 2 and report.bundles == 1
    statuses = dict(ItemVersion.objects.filter(item__basic_code="330999000001").values_list("number", "status"))
    assert statuses == {1: "retired", 2: "published", 3: "draft"}
    assert min(len(rows) for rows in all_cells(first).values()) > 1  # every sheet has data rows


def test_export_writes_chinese_labels_yes_no_and_blank_optional_cells(rich_catalogue):
    cells = all_cells(export_bytes())
    header, *rows = cells["事项"]
    licence = dict(zip(header, next(r for r in rows if r[0].startswith("330999000002"))))
    assert (licence["事项类型"], licence["状态"], licence["通办地可审批"], licence["网上办理深度"]) == (
        "行政许可",
        "已发布",
        "是",
        "全程网办",
    )
    draft = dict(zip(header, next(r for r in rows if r[0].startswith("330999000003"))))
    assert draft["是否收费"] is None and draft["法定办结时限(工作日)"] is None and draft["支持预约"] == "否"
    assert "容缺(可后补)" in {row[cells["申请材料"][0].index("必要性")] for row in cells["申请材料"]}


def test_export_has_bold_frozen_header_and_dropdowns_for_choices(rich_catalogue):
    ws = openpyxl.load_workbook(io.BytesIO(export_bytes()))["事项"]
    assert ws["A1"].font.b and ws.freeze_panes == "E2"
    dropdowns = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "行政许可" in dropdowns[f"{column(ws, '事项类型')}2"]
    assert dropdowns[f"{column(ws, '是否收费')}2"] == '"是,否"'
    assert ws.column_dimensions[column(ws, "设定依据")].width >= 40


def test_published_only_export_leaves_out_drafts_and_retired_versions(rich_catalogue):
    rows = all_cells(export_bytes(published_only=True))["事项"][1:]
    # The key column holds 实施编码: the basic code followed by the body's credit code.
    assert {(r[0][:12], r[1], r[2]) for r in rows} == {("330999000001", 2, "已发布"), ("330999000002", 1, "已发布")}


def test_site_export_keeps_only_the_items_on_that_sites_list(rich_catalogue):
    cells = all_cells(export_bytes(site_code=CountySiteFactory().code))
    assert {r[0][:12] for r in cells["事项"][1:]} == {"330999000002"}
    assert [r[2][:12] for r in cells["实施清单"][1:]] == ["330999000002"]
    assert len(cells["一件事"]) == 1  # the bundle also needs an item this workbook does not hold


# ---- errors ----------------------------------------------------------------------------------
def test_bad_workbook_lists_every_error_by_sheet_row_and_column_and_writes_nothing(rich_catalogue):
    data = export_bytes()
    wipe_catalogue()
    data = set_cell(data, "事项", "330999000002", "事项类型", "行政许可证")
    data = set_cell(data, "事项", "330999000001", "承诺办结时限(工作日)", "五天", number=2)
    data = set_cell(data, "事项", "330999000003", "事项名称", None)
    data = set_cell(data, "事项", "330999000002", "实施主体统一社会信用代码", "91330000MA0000000X")
    data = set_cell(data, "申请材料", "330999000002", "版本号", 7)
    data = set_cell(data, "实施清单", "330999000002", "站点编码", "999999999999")

    def duplicate_step(book):
        ws = book["办理环节"]
        ws.append([c.value for c in ws[2]])

    data = edit(data, duplicate_step)
    before = counts()
    errors = refused(data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    items, steps = book["事项"], book["办理环节"]
    expected = {
        ("事项", row_of(items, "330999000002"), "事项类型", "unknown_choice"),
        ("事项", row_of(items, "330999000001", 2), "承诺办结时限(工作日)", "not_integer"),
        ("事项", row_of(items, "330999000003"), "事项名称", "required"),
        ("事项", row_of(items, "330999000002"), "实施主体统一社会信用代码", "unknown_department"),
        ("申请材料", row_of(book["申请材料"], "330999000002", 7), "事项编码", "unknown_version"),
        ("实施清单", row_of(book["实施清单"], "330999000002"), "站点编码", "unknown_site"),
        ("办理环节", steps.max_row, "序号", "duplicate_key"),
    }
    assert expected <= where(errors)
    bad_type = next(e for e in errors if e.code == "unknown_choice")
    assert bad_type.column == column(items, "事项类型") and "行政许可、行政处罚" in bad_type.message
    assert counts() == before


def test_vague_material_in_workbook_is_reported_at_its_cell():
    draft_item()
    data = set_cell(export_bytes(), "申请材料", "330999000009", "材料名称", "其他相关材料", nth=1)
    errors = refused(data)
    ws = openpyxl.load_workbook(io.BytesIO(data))["申请材料"]
    error = next(e for e in errors if e.code == "vague_material")
    assert (error.sheet, error.row, error.column, error.header) == (
        "申请材料",
        row_of(ws, "330999000009") + 1,
        column(ws, "材料名称"),
        "材料名称",
    )


def test_promised_limit_above_statutory_is_reported():
    draft_item()
    data = set_cell(export_bytes(), "事项", "330999000009", "承诺办结时限(工作日)", 30)
    assert ("事项", 2, "承诺办结时限(工作日)", "promised_exceeds_statutory") in where(refused(data))


def test_unknown_department_is_reported():
    draft_item()
    data = set_cell(export_bytes(), "事项", "330999000009", "实施主体统一社会信用代码", "91330000MA0000000X")
    errors = refused(data)
    assert where(errors) == {("事项", 2, "实施主体统一社会信用代码", "unknown_department")}
    assert "91330000MA0000000X" in errors[0].message


def test_publishing_row_must_be_complete():
    draft_item()
    data = set_cell(export_bytes(), "事项", "330999000009", "状态", "已发布")
    data = set_cell(data, "事项", "330999000009", "咨询电话", None)
    assert where(refused(data)) == {("事项", 2, "咨询电话", "contact_missing")}


def test_changing_a_published_version_is_refused():
    version = published_item()
    data = set_cell(export_bytes(), "事项", "330999000001", "事项名称", "改过的名称")
    errors = refused(data)
    assert [(e.sheet, e.row, e.header, e.code, e.message) for e in errors] == [
        ("事项", 2, "事项名称", "version_immutable", VERSION_IMMUTABLE)
    ]
    version.refresh_from_db()
    assert version.name != "改过的名称"


def test_changing_a_material_of_a_published_version_is_refused_at_its_row():
    published_item()
    data = set_cell(export_bytes(), "申请材料", "330999000001", "份数", 3, nth=1)
    assert where(refused(data)) == {("申请材料", 3, "份数", "version_immutable")}


def test_a_change_next_to_an_unreadable_cell_is_still_reported():
    published_item()
    data = set_cell(export_bytes(), "事项", "330999000001", "事项类型", "许可")
    data = set_cell(data, "申请材料", "330999000001", "材料名称", "户口本", nth=1)
    assert where(refused(data)) == {
        ("事项", 2, "事项类型", "unknown_choice"),
        ("申请材料", 3, "材料名称", "version_immutable"),
    }


def test_two_published_versions_of_one_item_are_refused():
    published_item()

    def add_v2(book):
        ws = book["事项"]
        ws.append([2 if c.column_letter == column(ws, "版本号") else c.value for c in ws[2]])

    errors = refused(edit(export_bytes(), add_v2))  # (v2 also lacks parts: reported too)
    assert ("事项", 3, "状态", "one_published") in where(errors)


def test_unreadable_layout_is_reported_before_any_row():
    draft_item()

    def break_layout(book):
        del book["收费项目"]
        book["事项"]["A1"] = "编码"

    errors = refused(edit(export_bytes(), break_layout))
    assert {(e.sheet, e.code) for e in errors} == {
        ("收费项目", "sheet_missing"),
        ("事项", "unknown_column"),
        ("事项", "column_missing"),
    }
