from django import template

from ..models import yuan as _yuan

register = template.Library()


@register.filter
def yuan(fen) -> str:
    """Integer fen as yuan for people: 8000 → 80.00元."""
    return _yuan(int(fen or 0))
