"""The fee of a case is assessed once at acceptance from the pinned item version's fee lines,
in integer fen, with exemptions by rule (R-31)."""

import pytest

from yichuang.fees import assessment
from yichuang.fees.models import Charge

from .factories import accepted, charged_item

pytestmark = pytest.mark.django_db


def test_an_accepted_case_of_a_charged_item_owes_the_standard_amount_in_fen():
    case = accepted(charged_item(amount_fen=2000))
    charge = Charge.objects.get(case=case)
    assert (charge.amount_fen, charge.status) == (2000, Charge.Status.DUE)
    assert [(ln.name, ln.unit_fen, ln.quantity, ln.exempt) for ln in charge.lines.all()] == [
        ("居民身份证工本费", 2000, 1, False)
    ]


def test_a_subsistence_household_is_exempt_where_the_basis_says_so():
    case = accepted(charged_item(), household={"is_subsistence": True, "is_extreme_poverty": False})
    charge = Charge.objects.get(case=case)
    assert (charge.amount_fen, charge.status) == (0, Charge.Status.EXEMPT)
    assert charge.lines.get().exemption_basis == "低保、特困人员首次申领免收"


def test_an_undeclared_household_is_not_exempt_by_guesswork():
    case = accepted(charged_item(), household={})
    assert Charge.objects.get(case=case).amount_fen == 2000


def test_assessing_twice_gives_the_one_charge():
    case = accepted(charged_item())
    assert assessment.assess(case).pk == assessment.assess(case).pk
    assert Charge.objects.filter(case=case).count() == 1


def test_the_payment_code_is_twenty_digits():
    case = accepted(charged_item())
    code = Charge.objects.get(case=case).payment_code
    assert len(code) == 20 and code.isdigit()
