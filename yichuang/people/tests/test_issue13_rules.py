"""Issue 13 rules in people: the citizen's path never rewrites master data, numbers are ASCII
after NFKC, mandates have sane bounds, applicant data is text."""

import datetime as dt

import pytest

from yichuang.common.errors import DomainError
from yichuang.org.tests.factories import UserFactory
from yichuang.people import services
from yichuang.people.models import Applicant, Authorisation
from yichuang.people.numbers import NATURAL, normalise_number
from yichuang.people.tests.factories import ApplicantFactory, make_citizen_id

pytestmark = pytest.mark.django_db
ID = make_citizen_id(77)


def _grant(**kw):
    defaults = dict(
        principal=ApplicantFactory(),
        agent=ApplicantFactory(),
        relationship=Authorisation.Relationship.CHILD,
        valid_from=dt.date(2026, 6, 1),
        valid_until=dt.date(2026, 12, 31),
        evidence="授权委托书.pdf",
        recorded_by=UserFactory(),
    )
    return services.grant_authorisation(**{**defaults, **kw})


def test_the_citizen_path_never_overwrites_an_applicants_name():
    ApplicantFactory(citizen_id=ID, name="张三")
    with pytest.raises(DomainError) as exc:
        services.find_or_register_applicant_for_citizen(NATURAL, ID, actor="citizen-x", name="张冒")
    assert exc.value.code == "applicant_data_mismatch" and Applicant.objects.get(citizen_id=ID).name == "张三"


def test_the_citizen_path_never_writes_a_new_phone_onto_a_known_applicant():
    ApplicantFactory(citizen_id=ID, name="张三", phone="13711112222")
    services.find_or_register_applicant_for_citizen(NATURAL, ID, actor="citizen-x", name="张三", phone="13933334444")
    assert Applicant.objects.get(citizen_id=ID).phone == "13711112222"


def test_staff_intake_still_updates_contact_data():
    ApplicantFactory(citizen_id=ID, name="张三", phone="13711112222")
    services.find_or_create_applicant(NATURAL, ID, actor="clerk1", reason="本人到窗口更正", phone="13933334444")
    assert Applicant.objects.get(citizen_id=ID).phone == "13933334444"


def test_a_mandate_valid_until_9999_is_refused():
    with pytest.raises(DomainError) as exc:
        _grant(valid_until=dt.date(9999, 12, 31))
    assert exc.value.code == "valid_until_too_late" and "最长5年" in exc.value.message


def test_a_mandate_valid_from_0001_is_refused():
    with pytest.raises(DomainError) as exc:
        _grant(valid_from=dt.date(1, 1, 1))
    assert exc.value.code == "valid_from_too_early"


def test_a_mandate_of_five_years_from_today_is_accepted():
    assert _grant(valid_until=dt.date(2031, 6, 15)).valid_until == dt.date(2031, 6, 15)


def test_a_non_string_applicant_value_is_refused_naming_the_field():
    with pytest.raises(DomainError) as exc:
        services.find_or_create_applicant(NATURAL, ID, name=float("inf"))
    assert (exc.value.code, exc.value.problems[0].field) == ("invalid_value", "name")
    assert not Applicant.objects.exists()


def test_a_full_width_id_number_is_the_same_number():
    full_width = ID.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})
    assert normalise_number(NATURAL, full_width) == ID


def test_arabic_indic_digits_are_not_an_id_number():
    with_x = "11010519491231002X"  # its check character X survives the translation, so only the digits differ
    arabic = with_x.translate({c: c - 0x30 + 0x660 for c in range(0x30, 0x3A)})
    with pytest.raises(DomainError) as exc:
        services.find_or_create_applicant(NATURAL, arabic, name="张三")
    assert exc.value.code == "invalid_citizen_id"


def test_a_full_width_phone_is_stored_in_ascii():
    applicant = services.find_or_create_applicant(NATURAL, ID, name="张三", phone="１３９１２３４５６７８")
    assert applicant.phone == "13912345678"
