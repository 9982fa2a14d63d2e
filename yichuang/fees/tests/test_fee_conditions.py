"""Fee lines with conditions and quantities (issue 18 §2): alternatives (补领 40元 instead of
申领 20元) and extras (每增加一本证书 10元) are decided at acceptance from the form data, in
the same CEL as the exemption rules; an unstated fact means what the line says with has()."""

import pytest

from yichuang.catalog.models import Fee
from yichuang.fees.assessment import applies, assess, quantity_of
from yichuang.fees.models import Charge

from .factories import accepted, charged_item

pytestmark = pytest.mark.django_db
REPLACEMENT = "has(application.replacement) && application.replacement"
EXTRA = Fee(
    name="不动产权属证书工本费(每增加一本)",
    standard="10元/本",
    basis="发改价格规〔2016〕2559号",
    amount_fen=1000,
    condition="has(property.certificates) && property.certificates > 1",
    quantity="property.certificates - 1",
)


def charge_for(form: dict, **kw) -> Charge:
    world = charged_item(exemption="", **kw)
    case = accepted(world)
    case.form_data = form
    case.save(update_fields=["form_data"])
    Charge.objects.filter(case=case).delete()  # assessed again from these form answers

    return assess(case)


def test_each_extra_certificate_adds_its_unit_amount():
    charge = charge_for({"property": {"certificates": 3}}, more_fees=[EXTRA])
    extra = charge.lines.get(name=EXTRA.name)
    assert (extra.quantity, extra.amount_fen, charge.amount_fen) == (2, 2000, 4000)


def test_one_certificate_charges_no_extra_line():
    charge = charge_for({"property": {"certificates": 1}}, more_fees=[EXTRA])
    assert [ln.name for ln in charge.lines.all()] == ["居民身份证工本费"] and charge.amount_fen == 2000


def test_an_unstated_fact_takes_the_meaning_the_line_gives_it():
    assert applies(f"!({REPLACEMENT})", {}) and not applies(REPLACEMENT, {})


def test_the_alternative_line_replaces_the_standard_one_when_its_condition_holds():
    lost = Fee(
        name="补领工本费", standard="40元/证", basis="发改价格〔2003〕2322号", amount_fen=4000, condition=REPLACEMENT
    )
    charge = charge_for({"application": {"replacement": True}}, more_fees=[lost], condition=f"!({REPLACEMENT})")
    assert [ln.name for ln in charge.lines.all()] == ["补领工本费"] and charge.amount_fen == 4000


def test_a_broken_condition_charges_nothing():
    assert not applies("property.(", {"property": {}})


def test_an_undecidable_quantity_is_one_unit_and_never_above_the_cap():
    assert (quantity_of("property.certificates", {}), quantity_of("property.n", {"property": {"n": 10**6}})) == (1, 99)


def test_a_charged_item_whose_lines_all_fall_away_owes_nothing_and_can_be_handed_out():
    charge = charge_for({}, condition=REPLACEMENT)
    assert (charge.status, charge.amount_fen, charge.lines.count()) == (Charge.Status.EXEMPT, 0, 0)
