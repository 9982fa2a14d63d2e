"""Excel import/export of the catalogue (issue 2 §5): exact round trip, every error at its
cell, nothing written on error, the version rules of services.publish."""
import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command, execute_from_command_line
from django.utils import timezone

from yichuang.catalog import services
from yichuang.catalog.excel import ImportRefused, export_workbook, import_workbook
from yichuang.catalog.excel.importer import VERSION_IMMUTABLE
from yichuang.catalog.models import (Bundle, BundleItem, Fee, Item, ItemVersion, Material, Rule, SiteItem,
                                     SpecialProcedure, Step)
from yichuang.catalog.models.choices import (CaseKind, DelegationMode, ExerciseLevel, HandlingMode, ItemType,
                                             OnlineDepth, ResultType, ServiceObject, TongbanScope)
from yichuang.catalog.tests.factories import fee, publishable_draft
from yichuang.catalog.validation import Draft
from yichuang.ledger.models import AuditRecord, OutboxEvent
from yichuang.ledger.selectors import verify_audit
from yichuang.org.tests.factories import CountySiteFactory, DepartmentFactory

pytestmark = pytest.mark.django_db
CATALOGUE = (BundleItem, Bundle, SiteItem, Material, Fee, Step, SpecialProcedure, Rule, ItemVersion, Item)
LEDGER = (AuditRecord, OutboxEvent)


# ---- helpers ---------------------------------------------------------------------------------
def export_bytes(**options) -> bytes:
    buf = io.BytesIO()
    export_workbook(buf, **options)
    return buf.getvalue()


def run_import(data: bytes, **options):
    return import_workbook(io.BytesIO(data), **options)


def refused(data: bytes) -> list:
    with pytest.raises(ImportRefused) as info:
        run_import(data)
    return info.value.errors


def wipe_catalogue() -> None:
    # QuerySet.delete() bypasses the models' refusal to delete parts of published versions.
    for model in CATALOGUE:
        model.objects.all().delete()


def counts() -> dict:
    return {m.__name__: m.objects.count() for m in CATALOGUE + LEDGER}


def all_cells(data: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in book.worksheets}


def column(ws, header: str) -> str:
    return next(c.column_letter for c in ws[1] if c.value == header)


def row_of(ws, basic_code: str, number: int = 1) -> int:
    code, num = column(ws, "基本编码"), column(ws, "版本号")
    return next(r for r in range(2, ws.max_row + 1) if ws[f"{code}{r}"].value == basic_code
                and ws[f"{num}{r}"].value == number)


def edit(data: bytes, change) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def set_cell(data: bytes, sheet: str, basic_code: str, header: str, value, number: int = 1, nth: int = 0) -> bytes:
    """Set the cell under `header` in the nth row of (basic_code, number) in `sheet`."""
    def change(book):
        ws = book[sheet]
        code, num = column(ws, "基本编码"), column(ws, "版本号")
        rows = [r for r in range(2, ws.max_row + 1) if ws[f"{code}{r}"].value == basic_code
                and ws[f"{num}{r}"].value == number]
        ws[f"{column(ws, header)}{rows[nth]}"] = value
    return edit(data, change)


def where(errors) -> set:
    return {(e.sheet, e.row, e.header, e.code) for e in errors}


def published_item(basic_code: str = "330999000001", **overrides) -> ItemVersion:
    return services.publish(services.create_draft(basic_code, publishable_draft(**overrides)))


def draft_item(basic_code: str = "330999000009", **overrides) -> ItemVersion:
    return services.create_draft(basic_code, publishable_draft(**overrides))


@pytest.fixture
def rich_catalogue():
    """Several items: retired, published and draft versions, every part type, choices of every
    kind, blank optional cells, multi-line Chinese text, a site's implementation list, a bundle."""
    town, market = DepartmentFactory(name="示范镇社会事务办"), DepartmentFactory(name="示范镇市场监管所")
    county = CountySiteFactory()
    v1 = published_item("330999000001", department=town)
    services.implement_at(town.site, v1)
    v2 = services.revise(v1.item)
    changed = Draft.of(v2)
    changed.version.name, changed.version.promised_days = "高龄津贴申领(2025版)", 6
    changed.materials.append(Material(name="银行卡", kind=Material.Kind.COPY, form=Material.Form.PAPER,
                                      necessity=Material.Necessity.OPTIONAL, copies=2, spec="A4"))
    services.publish(services.replace_draft(v2, changed))
    v3 = Draft.of(services.revise(v1.item))
    v3.version.statutory_days = v3.version.promised_days = v3.version.has_fees = None
    v3.version.consult_phone = ""
    services.replace_draft(ItemVersion.objects.get(item=v1.item, number=3), v3)

    licence = publishable_draft(
        department=market, name="个体工商户设立登记", item_type=ItemType.LICENSING, exercise_level=ExerciseLevel.COUNTY,
        delegation_mode=DelegationMode.ENTRUSTED, entrusting_body="示范县市场监督管理局",
        service_object=ServiceObject.BOTH, case_kind=CaseKind.INSTANT, promised_days=0, statutory_days=15,
        handling_mode=HandlingMode.WINDOW, online_depth=OnlineDepth.FULL, tongban_scope=TongbanScope.PROVINCE,
        tongban_local_approval=True, appointment_supported=True, appointment_daily_quota=30, online_payment=True,
        express_delivery=True, self_service=True, has_fees=True, result_type=ResultType.LICENCE,
        result_name="营业执照", result_sample="=附件1 营业执照样本", licence_type_code="11100000000013338W011",
        legal_basis="《中华人民共和国市场主体登记管理条例》第三条\n《促进个体工商户发展条例》第十条",
        effective_date=dt.date(2025, 1, 1), visits_required=0, location="示范县政务服务中心二楼A区",
        hours="工作日 9:00-17:00")
    licence.steps = [Step(name="受理", actor="综合受理窗口", days=0, has_special_procedure=True)]
    licence.materials += [Material(name="经营场所使用证明", kind=Material.Kind.ORIGINAL_AND_COPY,
                                   form=Material.Form.ELECTRONIC, commitment_allowed=True,
                                   acceptance_standard="加盖产权人印章", basis="条例第十二条",
                                   blank_form="forms/场所证明.docx", sample="forms/场所证明样表.pdf"),
                          Material(name="电子照片", kind=Material.Kind.ELECTRONIC)]
    licence.fees = [fee(), fee(name="副本工本费", standard="5元/份", reducible=True)]
    licence.procedures = [SpecialProcedure(kind=SpecialProcedure.Kind.SITE_INSPECTION, max_days=5),
                          SpecialProcedure(kind=SpecialProcedure.Kind.HEARING, max_days=20, description="涉及重大公共利益时")]
    licence.rules = [Rule(expression="applicant.age >= 18", sentence="申请人年满18周岁"),
                     Rule(stage=Rule.Stage.APPROVAL, expression='business.scope != ""', sentence="写明经营范围",
                          failure_message="请填写经营范围")]
    registered = services.publish(services.create_draft("330999000002", licence))
    services.implement_at(county, registered)
    services.create_draft("330999000003", Draft(publishable_draft(department=town, has_fees=None,
                                                                  statutory_days=None, promised_days=None).version))
    bundle = Bundle.objects.create(code="kaidian", name="我要开小店", description="开店一件事", keywords="开店 个体")
    BundleItem.objects.create(bundle=bundle, item=registered.item, order=1)
    BundleItem.objects.create(bundle=bundle, item=v1.item, order=2)


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
    licence = dict(zip(header, next(r for r in rows if r[0] == "330999000002")))
    assert (licence["事项类型"], licence["状态"], licence["通办地可审批"], licence["网上办理深度"]) == (
        "行政许可", "已发布", "是", "全程网办")
    draft = dict(zip(header, next(r for r in rows if r[0] == "330999000003")))
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
    assert {(r[0], r[1], r[2]) for r in rows} == {("330999000001", 2, "已发布"), ("330999000002", 1, "已发布")}


def test_site_export_keeps_only_the_items_on_that_sites_list(rich_catalogue):
    cells = all_cells(export_bytes(site_code=CountySiteFactory().code))
    assert {r[0] for r in cells["事项"][1:]} == {"330999000002"}
    assert [r[2] for r in cells["实施清单"][1:]] == ["330999000002"]
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
        ("申请材料", row_of(book["申请材料"], "330999000002", 7), "基本编码", "unknown_version"),
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
    assert (error.sheet, error.row, error.column, error.header) == ("申请材料", row_of(ws, "330999000009") + 1,
                                                                    column(ws, "材料名称"), "材料名称")


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
        ("事项", 2, "事项名称", "version_immutable", VERSION_IMMUTABLE)]
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
    assert where(refused(data)) == {("事项", 2, "事项类型", "unknown_choice"),
                                    ("申请材料", 3, "材料名称", "version_immutable")}


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
    assert {(e.sheet, e.code) for e in errors} == {("收费项目", "sheet_missing"), ("事项", "unknown_column"),
                                                   ("事项", "column_missing")}


# ---- version semantics -----------------------------------------------------------------------
def test_reimporting_an_unchanged_export_writes_nothing_new(rich_catalogue):
    data = export_bytes()
    before = {v.pk: (v.status, v.published_at, v.retired_at) for v in ItemVersion.objects.all()}
    report = run_import(data)
    assert (report.created, report.replaced, report.unchanged, report.retired) == (0, 2, 3, 0)
    assert {v.pk: (v.status, v.published_at, v.retired_at) for v in ItemVersion.objects.all()} == before
    assert all_cells(export_bytes()) == all_cells(data)


def test_draft_in_the_database_is_replaced_in_place():
    version = draft_item()

    def change(book):
        book["事项"][f"{column(book['事项'], '事项名称')}2"] = "新名称"
        book["申请材料"].delete_rows(3)
    run_import(edit(export_bytes(), change))
    version.refresh_from_db()
    assert (version.name, version.status, [m.name for m in version.materials.all()]) == ("新名称", "draft", ["居民身份证"])
    assert "新名称" in version.search_text


def test_new_version_in_workbook_retires_the_old_one():
    old = published_item()
    site_item = services.implement_at(DepartmentFactory().site, old)

    def bump(book):
        for name in ("事项", "申请材料", "办理环节", "特别程序", "受理审批条件"):
            ws = book[name]
            for r in range(2, ws.max_row + 1):
                ws[f"{column(ws, '版本号')}{r}"] = 2
        book["实施清单"].delete_rows(2)
        book["事项"][f"{column(book['事项'], '事项名称')}2"] = "高龄津贴申领(新版)"
    report = run_import(edit(export_bytes(), bump))
    old.refresh_from_db()
    site_item.refresh_from_db()
    new = ItemVersion.objects.get(item=old.item, number=2)
    assert (old.status, new.status, new.name, report.retired) == ("retired", "published", "高龄津贴申领(新版)", 1)
    assert old.retired_at is not None and new.published_at is not None
    assert site_item.version == new and site_item.is_active


def test_marking_a_published_version_retired_retires_it_and_unlists_it():
    version = published_item()
    site_item = services.implement_at(DepartmentFactory().site, version)
    data = set_cell(export_bytes(), "事项", "330999000001", "状态", "已废止")
    data = set_cell(data, "实施清单", "330999000001", "对外公布", "否")
    run_import(data)
    version.refresh_from_db()
    site_item.refresh_from_db()
    assert version.status == "retired" and version.retired_at and not site_item.is_active


def test_second_draft_next_to_a_draft_in_the_database_is_refused():
    draft_item()

    def renumber(book):
        for ws in book.worksheets:
            if ws.title in ("事项", "申请材料", "办理环节", "特别程序", "受理审批条件"):
                for r in range(2, ws.max_row + 1):
                    ws[f"{column(ws, '版本号')}{r}"] = 2
    assert where(refused(edit(export_bytes(), renumber))) == {("事项", 2, "状态", "draft_exists")}


def test_new_published_version_gets_the_publish_time_and_search_text():
    draft_item()
    wb = set_cell(export_bytes(), "事项", "330999000009", "状态", "已发布")
    wipe_catalogue()
    run_import(wb)
    version = ItemVersion.objects.get()
    assert version.status == "published" and version.published_at <= timezone.now()
    assert version.search_text.startswith(version.name.lower()) and "330999000009" in version.search_text


def test_import_is_audited_once_and_announces_each_published_version(rich_catalogue):
    data = export_bytes()
    wipe_catalogue()
    events_before = set(OutboxEvent.objects.values_list("id", flat=True))
    run_import(data, actor="zhangsan")
    audit = AuditRecord.objects.get(stream="catalog:import")
    assert (audit.action, audit.actor, len(audit.object_id)) == ("catalog.imported", "zhangsan", 64)
    assert sorted(audit.data["versions"]["create"]) == ["330999000001/1", "330999000001/2", "330999000001/3",
                                                        "330999000002/1", "330999000003/1"]
    published = OutboxEvent.objects.filter(topic="catalog.item_published").exclude(id__in=events_before)
    assert sorted((e.payload for e in published), key=lambda p: p["item"]) == [{"item": "330999000001", "version": 2},
                                              {"item": "330999000002", "version": 1}]
    assert verify_audit() is None


def test_dry_run_checks_but_writes_nothing(rich_catalogue):
    data = export_bytes()
    wipe_catalogue()
    report = run_import(data, dry_run=True)
    assert report.dry_run and report.created == 5
    assert {m: n for m, n in counts().items() if m not in ("AuditRecord", "OutboxEvent")} == {
        m.__name__: 0 for m in CATALOGUE}


# ---- commands --------------------------------------------------------------------------------
def test_import_command_exits_nonzero_on_errors(tmp_path, capsys):
    draft_item()
    path = tmp_path / "bad.xlsx"
    path.write_bytes(set_cell(export_bytes(), "申请材料", "330999000009", "材料名称", "有关材料"))
    with pytest.raises(SystemExit) as info:
        execute_from_command_line(["yichuang", "import_catalog", str(path)])
    out = capsys.readouterr()
    assert info.value.code != 0
    assert "工作表" in out.out and "申请材料" in out.out and "vague_material" in out.out
    assert "未写入任何数据" in out.err


def test_export_and_import_commands_round_trip_a_file(rich_catalogue, tmp_path):
    path = tmp_path / "catalogue.xlsx"
    call_command("export_catalog", str(path))
    before = all_cells(path.read_bytes())
    wipe_catalogue()
    out = io.StringIO()
    call_command("import_catalog", str(path), stdout=out, verbosity=0)
    assert "导入完成" in out.getvalue()
    call_command("export_catalog", str(path))
    assert all_cells(path.read_bytes()) == before
