"""Window payments, corrections by two people, late or out-of-order confirmations and refunds
(R-31, R-28): money is applied once and owed back when it arrives for a charge already settled."""

import json

import pytest
from django.test import Client

from yichuang.cases import services as cases
from yichuang.common.errors import DomainError
from yichuang.fees import services
from yichuang.fees.models import Charge, Difference, Payment, Refund
from yichuang.fees.signing import HEADER, sign
from yichuang.ledger.relay import relay_once

from .factories import accepted, awaiting_delivery, charged_item

pytestmark = pytest.mark.django_db


def charge_of(case):
    return Charge.objects.get(case=case)


def pending_online(case, order_no):
    """An online order opened at the platform and not yet confirmed."""
    return Payment.objects.create(
        charge=charge_of(case),
        channel="online",
        amount_fen=2000,
        status="pending",
        order_no=order_no,
        payer_kind="applicant",
    )


def test_a_clerk_records_cash_at_the_window_and_the_charge_is_paid():
    world = charged_item()
    case = accepted(world)
    payment = services.record_window_payment(charge_of(case), world.clerk, Payment.Channel.CASH, 2000)
    assert (charge_of(case).status, payment.status, payment.recorded_by) == ("paid", "paid", world.clerk)
    assert payment.receipt_number


def test_a_window_payment_must_be_the_amount_due():
    world = charged_item()
    case = accepted(world)
    with pytest.raises(DomainError) as refused:
        services.record_window_payment(charge_of(case), world.clerk, Payment.Channel.CASH, 1999)
    assert refused.value.code == "amount_mismatch" and charge_of(case).status == "due"


def test_a_correction_needs_a_second_person():
    world = charged_item()
    case = accepted(world)
    payment = services.record_window_payment(charge_of(case), world.clerk, Payment.Channel.CARD, 2000)
    with pytest.raises(DomainError) as refused:
        services.void_window_payment(payment, world.clerk, world.clerk, "刷错卡")
    assert refused.value.code == "second_person_required"
    services.void_window_payment(payment, world.clerk, world.second, "刷错卡")
    assert charge_of(case).status == "due"


def test_an_approver_cannot_take_money_at_the_window():
    world = charged_item()
    case = accepted(world)
    with pytest.raises(DomainError) as refused:
        services.record_window_payment(charge_of(case), world.approver, Payment.Channel.CASH, 2000)
    assert refused.value.code == "role_not_allowed"


def test_a_confirmation_arriving_after_cash_was_taken_is_owed_back_not_charged_twice():
    world = charged_item()
    case = accepted(world)
    online = pending_online(case, "P1")
    services.record_window_payment(charge_of(case), world.clerk, Payment.Channel.CASH, 2000)
    assert services.apply_confirmation("P1", "T1", 2000, "2026-06-15T10:00:00+08:00", "callback") == "duplicate"
    online.refresh_from_db()
    assert online.status == Payment.Status.REFUND_DUE
    assert Payment.objects.filter(charge__case=case, status="paid").count() == 1
    assert Difference.objects.get(order_no="P1").kind == Difference.Kind.DUPLICATE


def test_a_confirmation_with_another_amount_is_listed_not_applied():
    world = charged_item()
    case = accepted(world)
    pending_online(case, "P2")
    assert services.apply_confirmation("P2", "T2", 1, "2026-06-15T10:00:00+08:00", "callback") == "mismatch"
    assert charge_of(case).status == "due"


def test_an_unsigned_callback_is_refused_and_changes_nothing():
    world = charged_item()
    case = accepted(world)
    pending_online(case, "P3")
    body = json.dumps({"order_no": "P3", "txn_id": "T3", "amount_fen": 2000, "paid_at": "x", "status": "paid"})
    answer = Client().post("/api/v1/fees/callback/", body, content_type="application/json", headers={HEADER: "0" * 64})
    assert answer.status_code == 400 and charge_of(case).status == "due"


def test_a_signed_callback_is_answered_success_and_applied(settings):
    world = charged_item()
    case = accepted(world)
    pending_online(case, "P4")
    body = json.dumps(
        {"order_no": "P4", "txn_id": "T4", "amount_fen": 2000, "paid_at": "2026-06-15T10:00:00+08:00", "status": "paid"}
    ).encode()
    signature = sign(settings.YICHUANG_PAYMENT["KEY"], body)
    for _ in range(2):  # sent twice
        answer = Client().post(
            "/api/v1/fees/callback/", body, content_type="application/json", headers={HEADER: signature}
        )
        assert answer.json()["code"] == "SUCCESS"
    assert charge_of(case).status == "paid" and Payment.objects.filter(status="paid").count() == 1


def test_a_denial_refunds_the_fee_paid():
    world = charged_item()
    case = accepted(world)
    services.record_window_payment(charge_of(case), world.clerk, Payment.Channel.CASH, 2000)
    case = cases.start_review(case, world.approver)
    cases.deny(case, world.approver, "不符合条件", "《居民身份证法》第八条")
    relay_once()
    assert charge_of(case).status == Charge.Status.REFUNDED
    assert Refund.objects.get(payment__charge__case=case).amount_fen == 2000


def test_withdrawal_before_review_cancels_an_unpaid_fee():
    world = charged_item()
    case = accepted(world)
    cases.withdraw(case, world.clerk, "申请人撤回")
    relay_once()
    assert charge_of(case).status == Charge.Status.CANCELLED


def test_a_refused_case_is_handed_out_without_payment():
    world = charged_item()
    case = accepted(world)
    case = cases.start_review(case, world.approver)
    case = cases.deny(case, world.approver, "不符合条件", "《居民身份证法》第八条")
    relay_once()
    case.refresh_from_db()
    assert case.state == "awaiting_delivery"
    assert cases.deliver(case, world.clerk, "window").case.state == "completed"


def test_the_relay_assesses_an_accepted_case():
    world = charged_item()
    case = accepted(world)
    Charge.objects.filter(case=case).delete()
    relay_once()
    assert charge_of(case).amount_fen == 2000


def test_awaiting_delivery_cases_are_in_the_hand_out_queue_only_once_paid():
    from yichuang.cases import selectors
    from yichuang.cases.workflow import Where
    from yichuang.org.models import StaffRole

    world = charged_item()
    case = awaiting_delivery(world)
    role = world.clerk.staff_roles.get(role=StaffRole.Role.CLERK)

    def queued():
        return case.number in set(
            selectors.role_queue(world.clerk, role, Where.WINDOW).values_list("number", flat=True)
        )

    assert not queued()
    services.record_window_payment(charge_of(case), world.clerk, Payment.Channel.CASH, 2000)
    assert queued()
