from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """0.8731 → "87.3%"; None (no denominator) → "—"."""
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def num(value) -> str:
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
