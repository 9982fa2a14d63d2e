"""Money in the scorecards (R-31, R-54; issue 18 §5): collected, refunded, net and outstanding
per site, department and item, in fen, shown in yuan, for the sites the viewer may see. The
sums add up whatever mix of payments, refunds and open charges there is (a property test)."""

import datetime as dt
import io

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from yichuang.fees import services
from yichuang.fees.models import Charge, Payment, Refund
from yichuang.fees.tests.factories import accepted, charged_item
from yichuang.supervision.money import money_rows, money_total
from yichuang.supervision.scorecards import Query

from .helpers import head_of

pytestmark = pytest.mark.django_db
OUTCOMES = ["due", "paid", "refunded", "refund_requested", "cancelled"]


def today_query(*sites) -> Query:
    day = timezone.localdate()
    return Query(day, day, frozenset(s.pk for s in sites))


def put(charge: Charge, amount: int, outcome: str) -> None:
    """Give a charge an amount and an outcome the way the services leave it."""
    now = timezone.now()
    status = {"due": "due", "paid": "paid", "cancelled": "cancelled"}.get(outcome, "refunded")
    Charge.objects.filter(pk=charge.pk).update(amount_fen=amount, status=status)
    if outcome in ("due", "cancelled"):
        return
    payment = Payment.objects.create(
        charge=charge,
        channel="cash",
        amount_fen=amount,
        status={"paid": "paid", "refunded": "refunded"}.get(outcome, "refund_due"),
        order_no=f"W{charge.pk}",
        payer_kind="window",
        paid_at=now,
    )
    if outcome != "paid":
        done = outcome == "refunded"
        Refund.objects.create(
            payment=payment,
            refund_no=f"R{charge.pk}",
            channel="window",
            amount_fen=amount,
            reason="不予许可",
            status="refunded" if done else "requested",
            refunded_at=now if done else None,
        )


@pytest.fixture
def six_charges():
    world = charged_item()
    return world, [Charge.objects.get(case=accepted(world)) for _ in range(6)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(1, 10**7), st.sampled_from(OUTCOMES)), min_size=6, max_size=6))
def test_collected_less_refunded_is_net_and_outstanding_is_due_less_paid(six_charges, mix):
    world, charges = six_charges
    with transaction.atomic():
        for charge, (amount, outcome) in zip(charges, mix, strict=True):
            put(charge, amount, outcome)
        total = money_total(money_rows(today_query(world.site)))
        transaction.set_rollback(True)
    collected = sum(a for a, o in mix if o in ("paid", "refunded", "refund_requested"))
    refunded = sum(a for a, o in mix if o == "refunded")
    open_cases = [(a, o) for a, o in mix if o in ("due", "paid")]
    due, paid = sum(a for a, _ in open_cases), sum(a for a, o in open_cases if o == "paid")
    assert (total.collected_fen, total.refunded_fen) == (collected, refunded)
    assert total.net_fen == collected - refunded
    assert total.outstanding_fen == due - paid


def test_the_rows_add_up_to_the_total(six_charges):
    world, charges = six_charges
    services.record_window_payment(charges[0], world.clerk, Payment.Channel.CASH, 2000)
    rows = money_rows(today_query(world.site))
    total = money_total(rows)
    assert sum(r.collected_fen for r in rows) == total.collected_fen == 2000
    assert sum(r.outstanding_fen for r in rows) == total.outstanding_fen == 5 * 2000


def test_a_period_before_the_money_shows_none_of_it(six_charges):
    world, charges = six_charges
    services.record_window_payment(charges[0], world.clerk, Payment.Channel.CASH, 2000)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    total = money_total(money_rows(Query(yesterday, yesterday, frozenset([world.site.pk]))))
    assert (total.collected_fen, total.outstanding_fen) == (0, 0)


def test_the_head_sees_their_sites_money_in_yuan_on_the_scorecard(client, six_charges):
    world, charges = six_charges
    services.record_window_payment(charges[0], world.clerk, Payment.Channel.CASH, 2000)
    other = charged_item(basic_code="330000000189")
    other_charge = Charge.objects.get(case=accepted(other))
    Charge.objects.filter(pk=other_charge.pk).update(amount_fen=777700)
    client.force_login(head_of(world.site))
    day = timezone.localdate().isoformat()
    html = client.get(reverse("supervision:scorecard"), {"start": day, "end": day}).content.decode()
    assert other.site != world.site
    assert "收费:实收、退费与待缴" in html and "20.00元" in html and "100.00元" in html
    assert "7777.00元" not in html


def test_the_excel_export_has_a_money_sheet_in_yuan(client, six_charges):
    world, charges = six_charges
    services.record_window_payment(charges[0], world.clerk, Payment.Channel.CASH, 2000)
    client.force_login(head_of(world.site))
    day = timezone.localdate().isoformat()
    response = client.get(reverse("supervision:scorecard-excel"), {"start": day, "end": day})
    sheet = load_workbook(io.BytesIO(response.content))["收费"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[-1][0] == "合计" and rows[-1][3:] == (20, 0, 20, 100)
