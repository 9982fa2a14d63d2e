"""Helpers for the Excel tests: workbooks in memory, cell edits, and a rich catalogue with every
kind of element to round-trip."""

import datetime as dt
import io

import openpyxl
import pytest

from yichuang.catalog import services
from yichuang.catalog.excel import ImportRefused, export_workbook, import_workbook
from yichuang.catalog.models import (
    Bundle,
    BundleItem,
    Fee,
    Item,
    ItemVersion,
    Material,
    Rule,
    SiteItem,
    SpecialProcedure,
    StandardItem,
    Step,
)
from yichuang.catalog.models.choices import (
    CaseKind,
    DelegationMode,
    ExerciseLevel,
    HandlingMode,
    ItemType,
    OnlineDepth,
    ResultType,
    ServiceObject,
    TongbanScope,
)
from yichuang.catalog.tests.factories import fee, publishable_draft
from yichuang.catalog.validation import Draft
from yichuang.ledger.models import AuditRecord, OutboxEvent
from yichuang.org.tests.factories import CountySiteFactory, DepartmentFactory

CATALOGUE = (BundleItem, Bundle, SiteItem, Material, Fee, Step, SpecialProcedure, Rule, ItemVersion, Item, StandardItem)
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


def _is_item(key, basic_code: str) -> bool:
    """A row's 事项编码 is the implementation's 实施编码: the basic code + the body's credit code."""
    return str(key or "").startswith(basic_code)


def row_of(ws, basic_code: str, number: int = 1) -> int:
    code, num = column(ws, "事项编码"), column(ws, "版本号")
    return next(
        r
        for r in range(2, ws.max_row + 1)
        if _is_item(ws[f"{code}{r}"].value, basic_code) and ws[f"{num}{r}"].value == number
    )


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
        code, num = column(ws, "事项编码"), column(ws, "版本号")
        rows = [
            r
            for r in range(2, ws.max_row + 1)
            if _is_item(ws[f"{code}{r}"].value, basic_code) and ws[f"{num}{r}"].value == number
        ]
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
    changed.materials.append(
        Material(
            name="银行卡",
            kind=Material.Kind.COPY,
            form=Material.Form.PAPER,
            necessity=Material.Necessity.OPTIONAL,
            copies=2,
            spec="A4",
        )
    )
    services.publish(services.replace_draft(v2, changed))
    v3 = Draft.of(services.revise(v1.item))
    v3.version.statutory_days = v3.version.promised_days = v3.version.has_fees = None
    v3.version.consult_phone = ""
    services.replace_draft(ItemVersion.objects.get(item=v1.item, number=3), v3)

    licence = publishable_draft(
        department=market,
        name="个体工商户设立登记",
        item_type=ItemType.LICENSING,
        exercise_level=ExerciseLevel.COUNTY,
        delegation_mode=DelegationMode.ENTRUSTED,
        entrusting_body="示范县市场监督管理局",
        service_object=ServiceObject.BOTH,
        case_kind=CaseKind.INSTANT,
        promised_days=0,
        statutory_days=15,
        handling_mode=HandlingMode.WINDOW,
        online_depth=OnlineDepth.FULL,
        tongban_scope=TongbanScope.PROVINCE,
        tongban_local_approval=True,
        appointment_supported=True,
        appointment_daily_quota=30,
        online_payment=True,
        express_delivery=True,
        self_service=True,
        has_fees=True,
        result_type=ResultType.LICENCE,
        result_name="营业执照",
        result_sample="=附件1 营业执照样本",
        licence_type_code="11100000000013338W011",
        legal_basis="《中华人民共和国市场主体登记管理条例》第三条\n《促进个体工商户发展条例》第十条",
        effective_date=dt.date(2025, 1, 1),
        visits_required=0,
        location="示范县政务服务中心二楼A区",
        hours="工作日 9:00-17:00",
    )
    licence.steps = [Step(name="受理", actor="综合受理窗口", days=0, has_special_procedure=True)]
    licence.materials += [
        Material(
            name="经营场所使用证明",
            kind=Material.Kind.ORIGINAL_AND_COPY,
            form=Material.Form.ELECTRONIC,
            commitment_allowed=True,
            acceptance_standard="加盖产权人印章",
            basis="条例第十二条",
            blank_form="forms/场所证明.docx",
            sample="forms/场所证明样表.pdf",
        ),
        Material(name="电子照片", kind=Material.Kind.ELECTRONIC),
    ]
    licence.fees = [fee(), fee(name="副本工本费", standard="5元/份", reducible=True)]
    licence.procedures = [
        SpecialProcedure(kind=SpecialProcedure.Kind.SITE_INSPECTION, max_days=5),
        SpecialProcedure(kind=SpecialProcedure.Kind.HEARING, max_days=20, description="涉及重大公共利益时"),
    ]
    licence.rules = [
        Rule(expression="applicant.age >= 18", sentence="申请人年满18周岁"),
        Rule(
            stage=Rule.Stage.APPROVAL,
            expression='business.scope != ""',
            sentence="写明经营范围",
            failure_message="请填写经营范围",
        ),
    ]
    registered = services.publish(services.create_draft("330999000002", licence))
    services.implement_at(county, registered)
    services.create_draft(
        "330999000003",
        Draft(publishable_draft(department=town, has_fees=None, statutory_days=None, promised_days=None).version),
    )
    bundle = Bundle.objects.create(code="kaidian", name="我要开小店", description="开店一件事", keywords="开店 个体")
    BundleItem.objects.create(bundle=bundle, item=registered.item, order=1)
    BundleItem.objects.create(bundle=bundle, item=v1.item, order=2)
