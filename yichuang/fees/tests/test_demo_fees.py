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


def test_at_least_three_items_charge_through_the_platform(demo):
    assert len({line.version.item_id for line in charged_lines()}) >= 3


def test_the_standards_are_the_published_ones_in_fen(demo):
    amounts = {line.name: line.amount_fen for line in charged_lines()}
    assert amounts["居民身份证工本费(申领、到期换领)"] == 2000
    assert amounts["不动产权属证书工本费"] == 1000


def test_the_id_card_fee_exempts_subsistence_and_extreme_poverty_households(demo):
    lines = charged_lines().filter(name="居民身份证工本费(申领、到期换领)")
    assert lines and all("is_subsistence" in ln.exemption and "2322" in ln.exemption_basis for ln in lines)
