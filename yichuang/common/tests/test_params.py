"""The shared readers of typed input (yichuang.common.params): what each refuses and why."""

import pytest

from yichuang.common import params
from yichuang.common.errors import DomainError


def refusal(call) -> tuple[str, str, str]:
    with pytest.raises(DomainError) as caught:
        call()
    problem = caught.value.problems[0]
    return problem.field, problem.code, problem.message


@pytest.mark.parametrize("value", ["１２３", "١٢٣", "1e3", "inf", "NaN", "-Infinity", "abc", "1.5"])
def test_integer_takes_only_ascii_digits(value):
    field, code, message = refusal(lambda: params.integer(value, "days", label="延长天数"))
    assert (field, code) == ("days", "invalid_integer") and "延长天数" in message


@pytest.mark.parametrize("value", [str(10**30), "-1", "9" * 5000])
def test_integer_refuses_numbers_outside_its_bounds(value):
    assert refusal(lambda: params.integer(value, "offset", minimum=0, maximum=10**9))[1] == "out_of_range"


def test_integer_reads_a_plain_number_and_falls_back_to_the_default_when_blank():
    assert params.integer(" 42 ", "n") == 42
    assert params.integer("", "n", default=7) == 7
    assert refusal(lambda: params.integer("", "n"))[1] == "required"


def test_text_refuses_nul_and_overlong_input_but_keeps_line_breaks():
    assert refusal(lambda: params.text("a\x00b", "note"))[1] == "invalid_characters"
    assert refusal(lambda: params.text("长" * 201, "note"))[1] == "too_long"
    assert params.text(" 第一行\n第二行 ", "note") == "第一行\n第二行"


@pytest.mark.parametrize("value", ["a\x00b", "", "x" * 65, "<script>", "长"])
def test_code_is_none_for_what_cannot_be_a_code(value):
    assert params.code(value) is None


def test_code_returns_a_real_code():
    assert params.code("330999100000") == "330999100000"
