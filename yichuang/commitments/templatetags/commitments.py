"""The case page's 告知承诺 section: one tag, so the workbench's case view stays as it is."""

from django import template

from ..selectors import case_commitments

register = template.Library()


@register.inclusion_tag("commitments/_case_commitments.html")
def case_commitments_section(case):
    return {"commitments": case_commitments(case)}
