"""电子证照标识 and its ISO 7064 MOD 37,36 check character."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yichuang.people.licence_ids import (
    ALPHANUMERIC,
    hybrid_check_char,
    hybrid_is_valid,
    is_valid_licence_id,
    make_licence_id,
    mod_37_36_check_char,
)
from yichuang.people.tests.factories import ISSUER_USCC

# Cross-checked against python-stdnum 2.2 (stdnum.iso7064.mod_37_36.calc_check_digit), whose
# first vector is the ISO 7064 example it documents.
MOD_37_36_VECTORS = [
    ("A12425GABC1234002", "M"),
    ("11100000000013338W01111430000006122244L20230000403001", "U"),
    ("11191350100M000100Y430000000001001", "K"),
]
# Identifiers of real licences found in public code (see the assumption in licence_ids).
PUBLIC_IDS = [
    "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
    "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
]


@pytest.mark.parametrize("body, check", MOD_37_36_VECTORS)
def test_licence_id_check_character_matches_iso_7064_mod_37_36(body, check):
    assert mod_37_36_check_char(body) == check
    assert hybrid_is_valid(body + check)


def test_the_hybrid_system_over_digits_is_iso_7064_mod_11_10():
    assert hybrid_check_char("00200667308", alphabet="0123456789") == "5"  # stdnum's MOD 11,10 vector


@pytest.mark.parametrize("licence_id", PUBLIC_IDS)
def test_identifiers_of_real_licences_validate(licence_id):
    assert is_valid_licence_id(licence_id)


def test_a_made_identifier_has_the_documented_layout():
    assert make_licence_id("111", "91350100M000100Y43", 1) == "1.2.156.3005.2.111.91350100M000100Y43.0000000001.001.K"


@given(st.text(ALPHANUMERIC, min_size=1, max_size=40), st.data())
def test_any_single_changed_character_is_detected(body, data):
    full = body + mod_37_36_check_char(body)
    i = data.draw(st.integers(0, len(full) - 1))
    replacement = data.draw(st.sampled_from(ALPHANUMERIC).filter(lambda c: c != full[i]))
    assert not hybrid_is_valid(full[:i] + replacement + full[i + 1 :])


def test_a_changed_serial_breaks_the_identifier():
    good = make_licence_id("111", ISSUER_USCC, 42)
    assert is_valid_licence_id(good)
    assert not is_valid_licence_id(good.replace(".0000000042.", ".0000000043."))


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "1.2.156.3005.1.111.91350100M000100Y43.0000000001.001.K",  # wrong root
        "1.2.156.3005.2.111.91350100M000100Y44.0000000001.001.K",  # issuer check character wrong
        "1.2.156.3005.2.111.91350100M000100Y43.0000000001.1.K",  # version not 3 digits
        "1.2.156.3005.2.111.91350100M000100Y43.0000000001.001",  # no check character
        "1.2.156.3005.2.111.91350100M000100Y43.0000000001.001.k",  # lower case
    ],
)
def test_malformed_identifiers_are_invalid(bad):
    assert not is_valid_licence_id(bad)


@pytest.mark.parametrize(
    "args",
    [
        ("1.1", ISSUER_USCC, 1),
        ("111", "91350100M000100Y44", 1),
        ("111", ISSUER_USCC, "a-1"),
        ("111", ISSUER_USCC, 1, 1000),
    ],
)
def test_parts_that_cannot_form_an_identifier_are_refused(args):
    with pytest.raises(ValueError):
        make_licence_id(*args)
