"""The window's refund page and the platform's refund callback (R-31): cash goes back with a
second person's password; a signed refund notice applies once however often it comes, and an
unsigned one changes nothing."""

import json

import pytest
from django.test import Client

from yichuang.cases import services as cases
from yichuang.fees import services
from yichuang.fees.models import Charge, Difference, Payment, Refund
from yichuang.fees.signing import HEADER, sign
from yichuang.ledger.relay import relay_once
from yichuang.portal.tests.factories import citizen
from yichuang.workbench.tests.test_pages import logged_in

from .factories import accepted, charged_item

pytestmark = pytest.mark.django_db
URL = "/api/v1/fees/refund-callback/"


def withdrawn_after_cash(world):
    case = accepted(world)
    services.record_window_payment(Charge.objects.get(case=case), world.clerk, Payment.Channel.CASH, 2000)
    cases.withdraw(case, world.clerk, "申请人撤回")
    relay_once()
    return case


def online_refund_requested(world):
    """A paid online payment refunded by the law, its platform refund not yet confirmed."""
    case = accepted(world)
    payment = Payment.objects.create(
        charge=Charge.objects.get(case=case), channel="online", amount_fen=2000, status="pending", order_no="P9"
    )
    services.apply_confirmation("P9", "T9", 2000, "2026-06-15T10:00:00+08:00", "callback")
    cases.withdraw(case, world.clerk, "申请人撤回")
    relay_once()
    return Refund.objects.get(payment=payment)


def notice(refund_no="RP9", amount_fen=2000):
    return json.dumps(
        {
            "type": "refund",
            "refund_no": refund_no,
            "order_no": "P9",
            "refund_txn": "RT9",
            "amount_fen": amount_fen,
            "refunded_at": "2026-06-15T11:00:00+08:00",
            "status": "refunded",
        }
    ).encode()


def test_cash_is_refunded_through_the_page_only_with_the_second_persons_password():
    world = charged_item()
    case = withdrawn_after_cash(world)
    world.second.set_password("复核口令-2")
    world.second.save()
    client = logged_in(world.clerk)
    refund = Refund.objects.get(payment__charge__case=case)
    assert "登记已退款" in client.get(f"/fees/case/{case.number}/").content.decode()
    url = f"/fees/case/{case.number}/refund/{refund.pk}/"
    client.post(url, {"second_username": world.second.username, "second_password": "错"})
    assert Refund.objects.get(pk=refund.pk).status == Refund.Status.REQUESTED
    client.post(url, {"second_username": world.second.username, "second_password": "复核口令-2"})
    assert Refund.objects.get(pk=refund.pk).status == Refund.Status.REFUNDED


def test_the_citizen_sees_that_cash_waits_for_them_at_the_window():
    world = charged_item()
    owner = citizen()
    world.applicant = owner.applicant
    case = withdrawn_after_cash(world)
    html = logged_in(owner.user).get(f"/hall/cases/{case.number}/").content.decode()
    assert "退费 <strong>20.00元</strong>:窗口退还,待退款(请到受理窗口领取退款)" in html


def test_a_signed_refund_notice_sent_twice_applies_once(settings):
    refund = online_refund_requested(charged_item())
    body = notice()
    signature = sign(settings.YICHUANG_PAYMENT["KEY"], body)
    outcomes = [
        Client().post(URL, body, content_type="application/json", headers={HEADER: signature}).json()["outcome"]
        for _ in range(2)
    ]
    assert outcomes == ["applied", "already"]
    refund.refresh_from_db()
    assert (refund.status, refund.provider_txn, refund.applied_by) == ("refunded", "RT9", "callback")


def test_an_unsigned_refund_notice_is_refused_and_changes_nothing():
    refund = online_refund_requested(charged_item())
    answer = Client().post(URL, notice(), content_type="application/json", headers={HEADER: "0" * 64})
    assert answer.status_code == 400 and answer.json()["code"] == "bad_signature"
    assert Refund.objects.get(pk=refund.pk).status == Refund.Status.REQUESTED


def test_a_refund_notice_with_another_amount_is_listed_not_applied(settings):
    refund = online_refund_requested(charged_item())
    body = notice(amount_fen=1)
    signature = sign(settings.YICHUANG_PAYMENT["KEY"], body)
    answer = Client().post(URL, body, content_type="application/json", headers={HEADER: signature})
    assert answer.json()["outcome"] == "mismatch"
    assert Refund.objects.get(pk=refund.pk).status == Refund.Status.REQUESTED
    assert Difference.objects.get(order_no="RP9").kind == Difference.Kind.AMOUNT_MISMATCH


def test_a_refund_notice_for_a_number_we_never_used_is_listed(settings):
    body = notice(refund_no="RX1")
    signature = sign(settings.YICHUANG_PAYMENT["KEY"], body)
    answer = Client().post(URL, body, content_type="application/json", headers={HEADER: signature})
    assert answer.json()["outcome"] == "unknown"
    assert Difference.objects.get(order_no="RX1").kind == Difference.Kind.UNKNOWN_REFUND
