"""Excel import (issue 2 §5): the version rules of services.publish — published versions never
change, a new version retires the old one, drafts are replaced, and the import is audited."""

import io

import pytest
from django.core.management import call_command, execute_from_command_line
from django.utils import timezone

from yichuang.catalog import services
from yichuang.catalog.models import ItemVersion
from yichuang.catalog.tests.excel_helpers import (
    CATALOGUE,
    all_cells,
    column,
    counts,
    draft_item,
    edit,
    export_bytes,
    published_item,
    refused,
    run_import,
    set_cell,
    where,
    wipe_catalogue,
)
from yichuang.ledger.models import AuditRecord, OutboxEvent
from yichuang.ledger.selectors import verify_audit
from yichuang.org.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


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
    assert (version.name, version.status, [m.name for m in version.materials.all()]) == (
        "新名称",
        "draft",
        ["居民身份证"],
    )
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
    assert sorted(f"{key[:12]}/{n}" for key, n in (v.split("/") for v in audit.data["versions"]["create"])) == [
        "330999000001/1",
        "330999000001/2",
        "330999000001/3",
        "330999000002/1",
        "330999000003/1",
    ]
    published = OutboxEvent.objects.filter(topic="catalog.item_published").exclude(id__in=events_before)
    assert sorted((e.payload for e in published), key=lambda p: p["item"]) == [
        {"item": "330999000001", "version": 2},
        {"item": "330999000002", "version": 1},
    ]
    assert verify_audit() is None


def test_dry_run_checks_but_writes_nothing(rich_catalogue):
    data = export_bytes()
    wipe_catalogue()
    report = run_import(data, dry_run=True)
    assert report.dry_run and report.created == 5
    assert {m: n for m, n in counts().items() if m not in ("AuditRecord", "OutboxEvent")} == {
        m.__name__: 0 for m in CATALOGUE
    }


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
