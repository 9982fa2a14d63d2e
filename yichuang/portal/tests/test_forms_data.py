"""The online form (issue 6; R-13, R-25): questions come from the item's intake rules, answers
the government already knows are prefilled (ID number, e-licences)."""

import pytest
from django.http import QueryDict

from yichuang.cases.tests.factories import make_world
from yichuang.catalog.models import Rule
from yichuang.people.services import issue_licence
from yichuang.people.tests.factories import ISSUER_USCC

from .. import forms_data
from .factories import citizen

pytestmark = pytest.mark.django_db


class Version:
    def __init__(self, *expressions):
        self._rules = [Rule(expression=e, sentence=f"条件{i}", stage="intake") for i, e in enumerate(expressions)]

    @property
    def rules(self):
        return self

    def all(self):
        return self._rules


def test_a_compared_number_is_a_numeric_question_and_a_flag_a_yes_no_question():
    qs = forms_data.questions([Version("shop.area_sqm <= 50 && !household.has_homestead")])
    assert [(q.name, q.numeric) for q in qs] == [("shop.area_sqm", True), ("household.has_homestead", False)]


def test_a_question_asked_by_two_items_is_asked_once():
    qs = forms_data.questions([Version("applicant.age >= 60"), Version("applicant.age < 18")])
    assert [q.name for q in qs] == ["applicant.age"]


def test_age_and_local_household_come_from_the_id_number():
    world, account = make_world(), citizen()
    known = forms_data.prefill(account.applicant, world.site)
    assert known["applicant.age"][0] == 86
    assert known["applicant.hukou_local"][0] is (account.applicant.citizen_id[:6] == world.site.region.code[:6])


def test_a_disability_certificate_in_the_licence_store_answers_its_question():
    world, account = make_world(), citizen()
    assert "applicant.has_disability_cert" not in forms_data.prefill(account.applicant, world.site)
    issue_licence(account.applicant, "131", "残疾人证", "示范县残疾人联合会", ISSUER_USCC, data={})
    assert forms_data.prefill(account.applicant, world.site)["applicant.has_disability_cert"] == (True, "电子证照库")


def test_answers_are_typed_and_bad_ones_named():
    qs = forms_data.questions([Version("shop.area_sqm <= 50 && applicant.local")])
    answers, errors = forms_data.parse_answers(qs, QueryDict("shop.area_sqm=abc&applicant.local=yes"))
    assert answers == {"applicant.local": True} and len(errors) == 1 and "数字" in errors[0]
    assert forms_data.nest({"shop.area_sqm": 30, "applicant.local": True}) == {
        "shop": {"area_sqm": 30},
        "applicant": {"local": True},
    }


@pytest.mark.parametrize("typed", ["inf", "NaN", "-Infinity", "1e400", "1.5e400", "9" * 40, "1" * 5000])
def test_non_finite_or_huge_numbers_are_refused_with_a_message(typed):
    qs = forms_data.questions([Version("shop.area_sqm <= 50")])
    answers, errors = forms_data.parse_answers(qs, {"shop.area_sqm": typed})
    assert answers == {} and len(errors) == 1 and "数字" in errors[0]


def test_full_width_digits_and_point_are_read_as_a_number():
    qs = forms_data.questions([Version("shop.area_sqm <= 50")])
    answers, errors = forms_data.parse_answers(qs, {"shop.area_sqm": "１２．５"})
    assert (answers, errors) == ({"shop.area_sqm": 12.5}, [])
