"""Personal numbers: validation, normalisation and the masked forms shown in lists."""

from hypothesis import given
from hypothesis import strategies as st

from yichuang.common.idnumbers import is_valid_citizen_id, is_valid_uscc
from yichuang.people.numbers import is_valid_phone, mask_citizen_id, mask_phone, normalise_phone
from yichuang.people.tests.factories import make_citizen_id, make_credit_code


def test_masked_id_keeps_first_six_and_last_four():
    assert mask_citizen_id("11010519491231002X") == "110105********002X"


def test_masked_mobile_keeps_first_three_and_last_four():
    assert mask_phone("13812345678") == "138****5678"


def test_masked_landline_keeps_the_area_code_and_last_four():
    assert mask_phone("0571-87654321") == "0571-****4321"
    assert mask_phone("0571-87654321-808") == "0571-****4321-808"


def test_mobiles_landlines_and_service_lines_are_valid_phones():
    assert all(map(is_valid_phone, ["13812345678", "19912345678", "0571-87654321", "057187654321", "400-123-4567"]))


def test_short_long_or_non_mobile_numbers_are_invalid_phones():
    assert not any(map(is_valid_phone, ["1381234567", "138123456789", "12812345678", "87654321", "abc"]))


def test_a_country_prefix_and_spaces_are_dropped_from_a_mobile():
    assert normalise_phone("+86 138 1234 5678") == "13812345678"


@given(st.integers(min_value=0, max_value=10_000_000))
def test_factories_generate_valid_citizen_ids_and_credit_codes(n):
    assert is_valid_citizen_id(make_citizen_id(n)) and is_valid_uscc(make_credit_code(n))
