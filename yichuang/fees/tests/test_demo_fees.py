"""The demo county charges real fee standards (issue 18 "Done when"): at least three charged
items, amounts in fen, and the 低保/特困 exemption of the 居民身份证 工本费."""

import io

import pytest
from django.db import transaction

from yichuang.catalog.models import Fee
from yichuang.demo.loader import load

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load(io.StringIO())
        yield
        transaction.set_rollback(True)


def charged_lines():
    return Fee.objects.filter(version__status="published", amount_fen__isnull=False).select_related("version")


def test_at_least_three_distinct_items_charge_through_the_platform(demo):
    assert len({line.version.name for line in charged_lines()}) >= 3


def owed(item_name: str, form: dict) -> int:
    """What a case of the demo item would owe for these form answers (the assessment's rules)."""
    from yichuang.fees.assessment import applies, exempt_by_rule, quantity_of

    lines = charged_lines().filter(version__name=item_name, version__site_items__isnull=False).distinct()
    first = lines.first().version_id
    return sum(
        ln.amount_fen * quantity_of(ln.quantity, form)
        for ln in lines.filter(version_id=first)
        if applies(ln.condition, form) and not exempt_by_rule(ln.exemption, form)
    )


def test_a_home_transfer_pays_the_registration_fee_and_ten_yuan_per_extra_certificate(demo):
    item = "国有建设用地使用权及房屋所有权转移登记"
    assert owed(item, {"property": {"certificates": 1}}) == 8000
    assert owed(item, {"property": {"certificates": 3}}) == 8000 + 2 * 1000
    assert owed(item, {"property": {"certificates": 1, "non_residential": True}}) == 55000


def test_small_and_micro_enterprises_pay_no_registration_fee(demo):
    item = "国有建设用地使用权及房屋所有权转移登记"
    form = {"property": {"certificates": 1, "non_residential": True}, "applicant": {"small_micro_enterprise": True}}
    assert owed(item, form) == 0
    lines = charged_lines().filter(version__name=item, name__startswith="不动产登记费")
    assert all("2559" in ln.basis and "79号" in ln.exemption_basis for ln in lines)


def test_a_lost_id_card_is_replaced_at_forty_yuan_instead_of_twenty(demo):
    item = "居民身份证申领、换领、补领"
    assert (owed(item, {}), owed(item, {"application": {"replacement": True}})) == (2000, 4000)


def test_the_standards_are_the_published_ones_in_fen(demo):
    amounts = {line.name: line.amount_fen for line in charged_lines()}
    assert amounts["居民身份证工本费(申领、到期换领)"] == 2000
    assert amounts["不动产权属证书工本费"] == 1000


def test_the_id_card_fee_exempts_subsistence_and_extreme_poverty_households(demo):
    lines = charged_lines().filter(name="居民身份证工本费(申领、到期换领)")
    assert lines and all("is_subsistence" in ln.exemption and "2322" in ln.exemption_basis for ln in lines)
