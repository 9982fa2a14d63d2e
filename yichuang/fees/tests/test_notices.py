"""The fee on the 受理通知书, the 缴费通知书 with its payment code and QR, and the receipt —
stored PDFs verifiable at /verify (R-31, R-42)."""

import pytest
from django.test import Client

from yichuang.cases.models import Case
from yichuang.fees import services
from yichuang.fees.models import Charge, Payment
from yichuang.seals import notice_facts, notices
from yichuang.seals.fee_notices import capital
from yichuang.seals.selectors import available_notices

from .factories import accepted, charged_item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fen, words",
    [
        (2000, "贰拾元整"),
        (8000, "捌拾元整"),
        (8050, "捌拾元伍角整"),
        (1000005, "壹万元零伍分"),
        (12, "壹角贰分"),
        (0, "零元整"),
    ],
)
def test_amounts_are_written_in_capitals_on_receipts(fen, words):
    assert capital(fen) == words


def test_the_acceptance_notice_states_the_fee_and_payment_code():
    case = accepted(charged_item())
    facts = notice_facts.facts_for(case, "acceptance")
    assert facts["fee"] == {
        "amount": "20.00元",
        "payment_code": Charge.objects.get(case=case).payment_code,
        "exempt": False,
    }


def test_a_free_case_s_acceptance_notice_is_unchanged():
    world = charged_item()
    case = accepted(world)
    Charge.objects.filter(case=case).delete()
    assert "fee" not in notice_facts.facts_for(Case.objects.get(pk=case.pk), "acceptance")


def test_the_payment_notice_is_a_stored_pdf_verifiable_by_its_code():
    case = accepted(charged_item())
    assert "payment_notice" in available_notices(case)
    document = notices.issue_notice(case, "payment_notice")
    assert document.file.read().startswith(b"%PDF")
    assert document.facts["payment_code"] == Charge.objects.get(case=case).payment_code
    page = Client().get(f"/verify/{document.short_code}")
    assert page.status_code == 200 and "缴费通知书" in page.content.decode()


def test_the_receipt_is_issued_once_paid_and_verifiable():
    world = charged_item()
    case = accepted(world)
    assert "fee_receipt" not in available_notices(case)
    payment = services.record_window_payment(Charge.objects.get(case=case), world.clerk, Payment.Channel.CASH, 2000)
    document = notices.issue_notice(case, "fee_receipt")
    assert document.facts["receipt_number"] == payment.receipt_number
    assert document.facts["amount_capital"] == "贰拾元整"
    page = Client().get(f"/verify/{document.short_code}")
    assert page.status_code == 200 and "缴费电子票据" in page.content.decode()
