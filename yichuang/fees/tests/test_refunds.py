"""Refunds through the platform (R-31; issue 18 §3), against the reference platform as a real
process: the law's refunds (不予许可, withdrawal before work starts) go back the way the money
came — online money through the platform's refund interface, exactly once however often it is
asked or told; cash at the window by a clerk with a second person confirming."""

import pytest

from yichuang.cases import services as cases
from yichuang.common.errors import DomainError
from yichuang.fees import refunds, services
from yichuang.fees.models import Charge, Difference, Payment, Refund
from yichuang.fees.reconcile import reconcile
from yichuang.ledger.models import AuditRecord
from yichuang.ledger.relay import relay_once

from .factories import accepted, charged_item
from .provider_process import wait_for

pytestmark = pytest.mark.django_db(transaction=True)
BASIS = "《居民身份证法》第八条"


def paid_online(platform, world):
    case = accepted(world)
    platform.pay(services.start_online(Charge.objects.get(case=case), "applicant", "http://127.0.0.1/back"))
    assert wait_for(lambda: Charge.objects.get(case=case).status == Charge.Status.PAID)
    return case


def deny(world, case):
    cases.deny(cases.start_review(case, world.approver), world.approver, "不符合条件", BASIS)
    relay_once()  # fees.refund_denied


def refund_of(case) -> Refund:
    return Refund.objects.select_related("payment").get(payment__charge__case=case)


def refunded_records(case) -> int:
    return AuditRecord.objects.filter(stream=case.audit_stream, action="fees.refunded").count()


def test_a_denial_pays_online_money_back_through_the_platform_once(platform):
    world = charged_item()
    case = paid_online(platform, world)
    deny(world, case)
    refund = refund_of(case)
    assert (refund.status, refund.channel, refund.amount_fen) == ("refunded", "online", 2000)
    assert platform.refunds_of(refund.payment.order_no) == [(refund.refund_no, 2000)]
    assert wait_for(lambda: refunded_records(case) == 1)  # the answer and the callback: one record
    assert wait_for(lambda: platform.told("refunds", refund.refund_no))  # the callback answered
    assert refunded_records(case) == 1
    assert refund.payment.status == Payment.Status.REFUNDED


def test_a_refund_asked_again_after_a_lost_answer_is_made_once(platform):
    platform.control(lose_refund_answers=1)
    world = charged_item()
    case = paid_online(platform, world)
    deny(world, case)
    refund = refund_of(case)
    assert refund.status == Refund.Status.REQUESTED  # the platform refunded, the answer was lost
    assert refunds.send(refund.pk) == "applied"  # asked again by the same number: the same refund
    assert refunds.send(refund.pk) == "already"
    assert platform.refunds_of(refund.payment.order_no) == [(refund.refund_no, 2000)]
    assert refunded_records(case) == 1


def test_callbacks_sent_twice_refund_once(platform):
    platform.control(duplicate_callbacks=True)
    world = charged_item()
    case = paid_online(platform, world)
    deny(world, case)
    assert wait_for(lambda: platform.told("refunds", refund_of(case).refund_no))  # both copies answered
    assert refunded_records(case) == 1
    assert len(platform.refunds_of(refund_of(case).payment.order_no)) == 1


def test_a_refund_the_platform_made_but_never_told_is_found_by_reconciliation_once(platform):
    platform.control(lose_refund_answers=1)
    world = charged_item()
    case = paid_online(platform, world)
    deny(world, case)
    refund = refund_of(case)
    assert refund.status == Refund.Status.REQUESTED  # the platform answered 503 and calls no one
    day = platform.refunded_day(refund.refund_no)
    first, second = reconcile(day), reconcile(day)
    assert (first["refund_applied"], second["refund_applied"], second["refund_already"]) == (1, 0, 1)
    refund.refresh_from_db()
    assert (refund.status, refund.applied_by) == ("refunded", "reconciliation")
    assert refunded_records(case) == 1 and len(platform.refunds_of(refund.payment.order_no)) == 1
    assert Difference.objects.get(order_no=refund.refund_no).kind == Difference.Kind.REFUND_APPLIED_LATE


def test_a_refund_asked_while_the_platform_is_away_is_asked_again_later(platform):
    world = charged_item()
    case = paid_online(platform, world)
    platform.stop()
    deny(world, case)
    assert refund_of(case).status == Refund.Status.REQUESTED
    platform.start()
    assert refunds.retry_refunds() == 1
    assert refund_of(case).status == Refund.Status.REFUNDED


def test_withdrawal_before_review_owes_cash_back_at_the_window():
    world = charged_item()
    case = accepted(world)
    services.record_window_payment(Charge.objects.get(case=case), world.clerk, Payment.Channel.CASH, 2000)
    cases.withdraw(case, world.clerk, "申请人撤回")
    relay_once()
    refund = refund_of(case)
    assert (refund.channel, refund.status) == (Refund.Channel.WINDOW, Refund.Status.REQUESTED)


def test_cash_is_handed_back_only_with_a_second_person_confirming():
    world = charged_item()
    case = accepted(world)
    services.record_window_payment(Charge.objects.get(case=case), world.clerk, Payment.Channel.CASH, 2000)
    cases.withdraw(case, world.clerk, "申请人撤回")
    relay_once()
    with pytest.raises(DomainError) as refused:
        refunds.record_window_refund(refund_of(case), world.clerk, world.clerk)
    assert refused.value.code == "second_person_required"
    refund = refunds.record_window_refund(refund_of(case), world.clerk, world.second)
    assert (refund.status, refund.confirmed_by, refund.payment.status) == ("refunded", world.second, "refunded")


def test_cash_handed_back_is_recorded_once():
    world = charged_item()
    case = accepted(world)
    services.record_window_payment(Charge.objects.get(case=case), world.clerk, Payment.Channel.CASH, 2000)
    cases.withdraw(case, world.clerk, "申请人撤回")
    relay_once()
    refunds.record_window_refund(refund_of(case), world.clerk, world.second)
    with pytest.raises(DomainError) as again:
        refunds.record_window_refund(refund_of(case), world.clerk, world.second)
    assert again.value.code == "refund_done"
