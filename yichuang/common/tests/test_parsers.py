"""The strict JSON parser (yichuang.common.parsers): numbers a database or a rule cannot hold
are a 400 before any view sees them."""

import io

import pytest
from rest_framework.exceptions import ParseError

from yichuang.common.parsers import StrictJSONParser


def parse(body: str):
    return StrictJSONParser().parse(io.BytesIO(body.encode()), parser_context={"encoding": "utf-8"})


@pytest.mark.parametrize(
    "body",
    [
        '{"age": 1e400}',
        '{"age": NaN}',
        '{"age": -Infinity}',
        "[Infinity]",
        '{"id": 1000000000000000000000000000000}',
        '{"id": ' + "9" * 5000 + "}",
    ],
)
def test_non_finite_and_oversized_numbers_are_refused(body):
    with pytest.raises(ParseError) as caught:
        parse(body)
    assert "有限值" in str(caught.value.detail)


def test_ordinary_json_is_read_unchanged():
    assert parse('{"age": 85, "income": 1234.5, "id": -9223372036854775807, "ok": true}') == {
        "age": 85,
        "income": 1234.5,
        "id": -9223372036854775807,
        "ok": True,
    }


def test_malformed_json_is_a_parse_error():
    with pytest.raises(ParseError):
        parse('{"a":')


@pytest.mark.parametrize("body", ['{"name": "\\u0000"}', '{"a": ["x", {"b": "y\\u0000"}]}', '{"\\u0000": 1}'])
def test_a_nul_character_anywhere_in_the_body_is_refused(body):
    with pytest.raises(ParseError) as caught:
        parse(body)
    assert "NUL" in str(caught.value.detail)
