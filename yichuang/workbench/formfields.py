"""The application form (申请表) of an intake, read off the item's CEL rules (R-26).

An item version has no form schema of its own: what the window must ask is exactly what its
conditions judge. Each dotted name a rule uses (`applicant.age`, `household.income_per_capita`)
becomes one field; its kind follows from how the rule uses it (compared with a number → a
number, `in [...]` or compared with a string → text, otherwise yes/no). The answers go back
into the nested dict the rules read (`{"applicant": {"age": 85}}`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_PATH = re.compile(r"(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)")
_OP = r"\s*(?:<=|>=|==|!=|<|>)\s*"
PREFIX = "fd_"

# Words of the demo county's rules; an unknown word shows as it is (the sentence explains it).
WORDS = {
    "applicant": "申请人",
    "household": "家庭",
    "groom": "男方",
    "bride": "女方",
    "land": "承包地",
    "forest": "林木",
    "shop": "经营场所",
    "age": "年龄(周岁)",
    "income_per_capita": "月人均收入(元)",
    "severe_disability": "重度残疾",
    "sudden_hardship": "突发严重困难",
    "hukou_local": "本县户籍",
    "has_disability_cert": "持有残疾人证",
    "is_subsistence": "低保家庭",
    "disability_grade": "残疾等级",
    "is_extreme_poverty": "特困供养",
    "is_orphan": "孤儿",
    "collective_member": "本村集体经济组织成员",
    "house_safety_grade": "住房安全等级",
    "contracted_area_mu": "承包耕地面积(亩)",
    "converted_to_non_farm": "已改变农业用途",
    "in_prohibited_zone": "位于禁止采伐区",
    "area_sqm": "使用面积(平方米)",
}


@dataclass
class FormField:
    path: str
    kind: str  # "number" | "bool" | "text"
    sentences: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return PREFIX + self.path.replace(".", "__")

    @property
    def label(self) -> str:
        return "·".join(WORDS.get(part, part) for part in self.path.split("."))


def fields_for(rules) -> list[FormField]:
    found: dict[str, FormField] = {}
    for rule in rules:
        expression = _STRING.sub('""', rule.expression)
        for path in _PATH.findall(expression):
            entry = found.setdefault(path, FormField(path, _kind(expression, path)))
            if entry.kind == "bool":
                entry.kind = _kind(expression, path)
            if rule.sentence not in entry.sentences:
                entry.sentences.append(rule.sentence)
    return list(found.values())


def _kind(expression: str, path: str) -> str:
    p = re.escape(path)
    if re.search(p + _OP + r"-?\d", expression) or re.search(r"\d" + _OP + p + r"(?![\w.])", expression):
        return "number"
    if re.search(p + r"\s+in\s+\[", expression) or re.search(p + _OP + '""', expression):
        return "text"
    return "bool"


def add_form_fields(form: forms.Form, specs: list[FormField]) -> None:
    for spec in specs:
        help_text = "用于判断:" + ";".join(spec.sentences)
        if spec.kind == "number":
            form.fields[spec.name] = forms.DecimalField(
                label=spec.label,
                required=False,
                help_text=help_text,
                max_digits=14,
                decimal_places=2,
                error_messages={"invalid": "请填写数字。"},
            )
        elif spec.kind == "text":
            form.fields[spec.name] = forms.CharField(
                label=spec.label, required=False, max_length=100, help_text=help_text
            )
        else:
            form.fields[spec.name] = forms.ChoiceField(
                label=spec.label,
                required=False,
                help_text=help_text,
                choices=[("", "未填写"), ("true", "是"), ("false", "否")],
            )
        form.fields[spec.name].widget.attrs["aria-describedby"] = f"id_{spec.name}_help"


def form_data(cleaned: dict, specs: list[FormField]) -> dict:
    """The nested dict the rules read; an unanswered field is left out (the rule then says what
    information is missing instead of guessing)."""
    data: dict = {}
    for spec in specs:
        value = cleaned.get(spec.name)
        if value in (None, ""):
            continue
        if spec.kind == "number":
            value = int(value) if value == value.to_integral_value() else float(value)
        elif spec.kind == "bool":
            value = value == "true"
        node = data
        *parents, leaf = spec.path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return data
