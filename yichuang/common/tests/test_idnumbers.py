import pytest
from django.core.exceptions import ValidationError

from yichuang.common.idnumbers import is_valid_citizen_id, is_valid_uscc, uscc_check_char, validate_region_code


def test_citizen_id_with_x_check_character_is_valid():
    assert is_valid_citizen_id("11010519491231002X")
    assert is_valid_citizen_id("11010519491231002x")


def test_citizen_id_with_a_wrong_check_character_is_invalid():
    assert not is_valid_citizen_id("110105194912310021")
    assert not is_valid_citizen_id("11010519491231002")


def test_published_example_credit_code_is_valid():
    assert is_valid_uscc("91350100M000100Y43")


def test_credit_code_with_a_letter_outside_the_alphabet_is_invalid():
    assert not is_valid_uscc("91350100M000100YI3")
    body = "91350100M000100Y4"
    wrong = "0" if uscc_check_char(body) != "0" else "1"
    assert not is_valid_uscc(body + wrong)


def test_a_citizen_id_in_arabic_indic_digits_is_invalid():
    ascii_id = "11010519491231002X"
    arabic = ascii_id.translate({c: c - 0x30 + 0x660 for c in range(0x30, 0x3A)})
    assert not is_valid_citizen_id(arabic)


def test_a_region_code_in_arabic_indic_digits_is_invalid():
    with pytest.raises(ValidationError):
        validate_region_code("٣٣٠٩٩٩١٠٩٠٠٠")
