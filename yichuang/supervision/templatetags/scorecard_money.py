"""{% money_section query %}: the money section of the scorecard page (supervision.money),
for the same query the page already parsed and scoped."""

from django import template

from yichuang.fees.models import yuan as _yuan

from ..money import money_rows, money_total

register = template.Library()


@register.inclusion_tag("supervision/_money.html")
def money_section(query):
    rows = money_rows(query)
    return {"rows": rows, "total": money_total(rows)}


@register.filter
def yuan(fen) -> str:
    return _yuan(int(fen or 0))
