"""Every document kind, for every item of the demo county, reads as a person would write it
(issue 20 §6): worded by the item's type — a 行政许可 is 准予/不予许可 under 行政许可法, anything
else names no licence and cites no article of that law — with no word doubled ("“法律援助申请”申请")
and no placeholder or empty slot left in the text.

The demo is loaded once for the module (as tests/test_demo_county.py does); each document's HTML
is rendered from its template with the facts the builders store, so every item costs
milliseconds (the PDF step adds layout, not words)."""

import io
import re
from html import unescape
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.template.loader import render_to_string

from yichuang.cases.models import Case
from yichuang.catalog.models import ItemVersion
from yichuang.catalog.models.choices import ItemType, VersionStatus
from yichuang.demo.loader import load
from yichuang.seals import documents, notice_facts, notices, wording
from yichuang.seals.models import DocumentKind, NoticeKind

pytestmark = pytest.mark.django_db

DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,})”?\1")  # 申请申请, “…申请”申请
PLACEHOLDERS = re.compile(r"\{\{|\{%|None|TODO|XXX|\(\)|\uff08\uff09|“”|《》|:。|,。|根据的规定")


@pytest.fixture(scope="module")
def versions(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load(io.StringIO())
        rows = list(
            ItemVersion.objects.filter(status=VersionStatus.PUBLISHED)
            .select_related("department")
            .prefetch_related("materials", "fees")
            .order_by("pk")
        )
        yield rows
        transaction.set_rollback(True)


def _text(html: str) -> str:
    """What the reader sees: the body's text without spaces (the <title> is not printed); "|"
    where a tag separates two cells or lines, so a table's neighbouring cells are not one word."""
    body = re.sub(r"<head>.*?</head>", "", html, flags=re.S)
    return "".join(unescape(re.sub(r"<[^>]+>", "|", body)).split())


def _notice_facts(version, kind: str) -> dict:
    bring, fetched = notice_facts._materials(version)
    facts = {
        "v": notice_facts.FACTS_VERSION,
        "kind": kind,
        "title": NoticeKind(kind).label,
        "case_number": "3311-0001",
        "site_name": "凤田镇人民政府便民服务中心",
        "date": "2026年6月15日",
        "progress_url": "http://x/hall/progress/",
        "applicant_name": "张三明",
        "applicant_number_label": "公民身份号码",
        "applicant_number": "3311**********1234",
        "item_name": version.name,
        "item_type": version.item_type,
        "legal_basis": version.legal_basis.strip(),
        "department_name": version.department.name,
        "consult_phone": version.consult_phone,
        "received_on": "2026年6月15日",
        "verify_code": "ABCDE12345",
        "verify_url": "http://x/verify/ABCDE12345",
        "materials": bring,
        "fetched": fetched,
        "conditions": version.conditions.strip(),
        "fees": [f"{f.name}:{f.standard}" for f in version.fees.all()],
        "promised_days": version.promised_days,
        "statutory_days": version.statutory_days,
        "location": version.location,
        "hours": version.hours,
        "accepted_on": "2026年6月15日",
        "due_on": "2026年6月22日",
        "reason": "申请材料不属于本事项",
        "basis": "《浙江省政务服务事项办理规定》第十条",
        "recourse": notice_facts.recourse(version),
        "lines": [
            {
                "name": "身份证",
                "reason": "复印件不清晰",
                **{"standard": "20元/证", "quantity": 1, "amount": "20.00元", "basis": "发改价格〔2003〕2322号"},
            }
        ],
        # 缴费通知书 and 缴费电子票据 (fee_notices.py)
        "payment_code": "20260615000000000001",
        "amount": "20.00元",
        "amount_capital": "贰拾元整",
        "receipt_number": "20260000000001",
        "channel": "窗口现金",
        "payer": "窗口代收",
        "paid_on": "2026年06月15日",
        "cashier": "李四",
        "accepted": True,
        "procedure": "专家评审",
        "started_on": "2026年6月16日",
        "max_days": 10,
        "description": "",
        "method": "窗口领取",
        "delivered_on": "2026年6月23日",
        "tracking_number": "",
        "licence_number": "",
        "delivered_by": "李四",
        "document_name": notice_facts._delivered_documents(version, kind == "denied"),
    }
    return {
        **facts,
        **wording.notice_words(facts),
        "qr": "data:image/png;base64,",
        "verify_code_display": "ABCDE-12345",
    }


def _decision_context(version, denied: bool, kind=DocumentKind.DECISION) -> dict:
    case = SimpleNamespace(
        item_version=version,
        decision=Case.Decision.DENIED if denied else Case.Decision.GRANTED,
        decision_basis="" if not denied else "",
        decision_reason="申请人不符合条件" if denied else "",
    )
    return {
        **documents._words(case, kind),
        "title": documents.title_for(case, kind),
        "case_number": "3311-0001",
        "site_name": "凤田镇人民政府便民服务中心",
        "applicant_name": "张三明",
        "item_name": version.name,
        "result_name": version.result_name,
        "department_name": version.department.name,
        "legal_basis": version.legal_basis.strip().rstrip("。"),
        "opinion": case.decision_reason,
        "basis": case.decision_basis,
        "recourse": notice_facts.recourse(version),
        "received_on": "2026年6月15日",
        "accepted_on": "2026年6月15日",
        "date": "2026年6月20日",
        "short_code": "ABCDE-12345",
        "verify_url": "http://x/verify/ABCDE12345",
        "qr": "data:image/png;base64,",
    }


def _every_document(version):
    for kind in notice_facts.BUILDERS:
        yield kind, _text(render_to_string(notices.TEMPLATES[kind], _notice_facts(version, kind)))
    for denied in (False, True):
        context = _decision_context(version, denied)
        yield (
            context["title"],
            _text(
                render_to_string(
                    documents.template_for(
                        SimpleNamespace(decision=Case.Decision.DENIED if denied else Case.Decision.GRANTED),
                        DocumentKind.DECISION,
                    ),
                    context,
                )
            ),
        )
    yield (
        "certificate",
        _text(
            render_to_string(
                documents.TEMPLATES[DocumentKind.CERTIFICATE],
                _decision_context(version, False, DocumentKind.CERTIFICATE),
            )
        ),
    )


def test_the_demo_has_items_of_several_types(versions):
    assert len({v.item_type for v in versions}) >= 3


def test_no_document_of_any_demo_item_doubles_a_word(versions):
    found = [
        (v.name, kind, m.group(0))
        for v in versions
        for kind, text in _every_document(v)
        for m in [DOUBLED.search(text)]
        if m
    ]
    assert not found, found[:10]


def test_no_document_of_any_demo_item_leaves_a_placeholder_or_an_empty_slot(versions):
    found = [
        (v.name, kind, m.group(0))
        for v in versions
        for kind, text in _every_document(v)
        for m in [PLACEHOLDERS.search(text)]
        if m
    ]
    assert not found, found[:10]


def test_only_a_licence_is_decided_or_noticed_under_the_licensing_law(versions):
    for version in versions:
        texts = dict(_every_document(version))
        joined = "".join(texts.values())
        if version.item_type == ItemType.LICENSING:
            assert "准予许可决定书" in texts and "行政许可法" in joined, version.name
        else:
            assert "行政许可法" not in joined and "许可决定书" not in joined and "决定准予许可" not in joined, (
                version.name
            )


def test_a_decision_cites_the_items_own_legal_basis(versions):
    for version in versions:
        basis = version.legal_basis.strip().rstrip("。")
        context = _decision_context(version, denied=False)
        text = _text(render_to_string("seals/decision.html", context))
        assert not basis or basis.replace(" ", "") in text, version.name


def test_legal_aid_gets_its_own_decision_under_the_legal_aid_law(versions):
    legal_aid = next(v for v in versions if v.name == "法律援助申请")
    texts = dict(_every_document(legal_aid))
    assert "给予法律援助决定书" in texts and "法律援助法" in texts["给予法律援助决定书"]
    assert "“法律援助申请”申请" not in "".join(texts.values())
