"""Online payment through the reference platform (a real process): the signed asynchronous
callback pays the charge once, whether it comes once, twice or never (then the daily
reconciliation applies it, once) — R-31."""

import pytest

from yichuang.fees import services
from yichuang.fees.models import Charge, Difference, Payment
from yichuang.fees.reconcile import reconcile
from yichuang.ledger.models import AuditRecord

from .factories import accepted, charged_item
from .provider_process import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def paid_records(case):
    return AuditRecord.objects.filter(stream=case.audit_stream, action="fees.paid").count()


def charge_of(case):
    return Charge.objects.get(case=case)


def test_the_callback_pays_the_charge(platform):
    case = accepted(charged_item())
    platform.pay(services.start_online(charge_of(case), "applicant", "http://127.0.0.1/back"))
    assert wait_for(lambda: charge_of(case).status == Charge.Status.PAID)
    payment = Payment.objects.get(charge__case=case)
    assert (payment.applied_by, payment.amount_fen, paid_records(case)) == ("callback", 2000, 1)


def test_every_callback_sent_twice_pays_once(platform):
    platform.control(duplicate_callbacks=True)
    case = accepted(charged_item())
    platform.pay(services.start_online(charge_of(case), "applicant", "http://127.0.0.1/back"))
    assert wait_for(lambda: charge_of(case).status == Charge.Status.PAID)
    order_no = Payment.objects.get(charge__case=case).order_no
    assert wait_for(lambda: platform.told("orders", order_no))  # both copies sent and answered
    assert Payment.objects.filter(charge__case=case, status=Payment.Status.PAID).count() == 1
    assert paid_records(case) == 1


def test_reconciliation_finds_a_payment_whose_callback_was_lost_and_applies_it_once(platform):
    platform.control(drop_callbacks=1)
    case = accepted(charged_item())
    platform.pay(services.start_online(charge_of(case), "applicant", "http://127.0.0.1/back"))
    order_no = Payment.objects.get(charge__case=case).order_no
    assert wait_for(lambda: platform.told("orders", order_no))  # the platform is done with it: dropped
    assert charge_of(case).status == Charge.Status.DUE  # nobody told us
    day = platform.paid_day(Payment.objects.get(charge__case=case).order_no)
    first, second = reconcile(day), reconcile(day)
    assert (first["applied"], second["applied"], second["already"]) == (1, 0, 1)
    assert charge_of(case).status == Charge.Status.PAID and paid_records(case) == 1
    assert Payment.objects.get(charge__case=case).applied_by == "reconciliation"
    assert Difference.objects.filter(kind=Difference.Kind.APPLIED_LATE, resolved=True).count() == 1


def test_a_helper_pays_on_the_villagers_behalf(platform):
    case = accepted(charged_item())
    platform.pay(services.start_online(charge_of(case), "helper", "http://127.0.0.1/back"))
    assert wait_for(lambda: charge_of(case).status == Charge.Status.PAID)
    assert Payment.objects.get(charge__case=case).payer_kind == "helper"
