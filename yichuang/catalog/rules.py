"""Evaluate an item's CEL rules against an application's form data (智能审批, R-26)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import cel

from .models import Rule


@dataclass(frozen=True)
class RuleResult:
    rule_id: int | None
    sentence: str
    passed: bool | None  # None: could not be decided (information missing or rule broken)
    message: str


def evaluate_rules(rules: list[Rule], data: dict) -> list[RuleResult]:
    results = []
    for rule in rules:
        try:
            value = _program(rule.expression).execute(data)
        except RuntimeError as exc:
            results.append(RuleResult(rule.pk, rule.sentence, None, f"缺少判断所需信息:{_missing_name(exc)}"))
            continue
        except Exception:  # a broken rule must not stop intake; it is reported instead
            results.append(RuleResult(rule.pk, rule.sentence, None, "条件表达式有误,请联系管理员。"))
            continue
        if not isinstance(value, bool):
            results.append(RuleResult(rule.pk, rule.sentence, None, "条件表达式的结果不是“是/否”,请联系管理员。"))
        else:
            results.append(
                RuleResult(
                    rule.pk,
                    rule.sentence,
                    value,
                    "符合" if value else (rule.failure_message or f"不符合:{rule.sentence}"),
                )
            )
    return results


@functools.lru_cache(maxsize=2048)
def _program(expression: str):
    """The rule compiled once per process (a published rule never changes: a new version is a
    new row); parsing on every intake cost ~4x the evaluation."""
    return cel.compile(expression)


def _missing_name(exc: Exception) -> str:
    text = str(exc)
    start = text.find("'")
    end = text.find("'", start + 1)
    return text[start + 1 : end] if 0 <= start < end else text[:80]
