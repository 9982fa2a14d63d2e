"""Eligibility rules (CEL, R-26): each result is reported with its sentence."""

from yichuang.catalog.models import Rule
from yichuang.catalog.rules import evaluate_rules

RULES = [
    Rule(pk=1, expression="applicant.age >= 80", sentence="申请人年满80周岁"),
    Rule(
        pk=2,
        expression="applicant.hukou_local == true",
        sentence="申请人为本县户籍",
        failure_message="非本县户籍,请到户籍地申请",
    ),
]


def test_a_satisfied_rule_passes_with_its_sentence():
    result = evaluate_rules(RULES[:1], {"applicant": {"age": 85}})[0]
    assert (result.passed, result.sentence) == (True, "申请人年满80周岁")


def test_a_failed_rule_reports_its_own_failure_message():
    result = evaluate_rules(RULES[1:], {"applicant": {"hukou_local": False}})[0]
    assert (result.passed, result.message) == (False, "非本县户籍,请到户籍地申请")


def test_missing_information_is_undecided_not_failed():
    result = evaluate_rules(RULES[:1], {})[0]
    assert result.passed is None
    assert "applicant" in result.message


def test_a_non_boolean_rule_is_undecided():
    result = evaluate_rules([Rule(pk=3, expression="applicant.age + 1", sentence="x")], {"applicant": {"age": 1}})[0]
    assert result.passed is None
