"""The clerk's 叫号 panel on the workbench home page: for each window they hold a post at,
attendance buttons, the number being served and the call / recall / serve / finish / skip /
transfer buttons. Included by the workbench template with one tag, so the workbench imports
nothing of the floor."""

from django import template

from yichuang.floor import categories, selectors, staffing

register = template.Library()


@register.inclusion_tag("floor/_panel.html", takes_context=True)
def floor_panel(context):
    request = context["request"]
    desks = selectors.desks(request.user) if request.user.is_authenticated else []
    return {
        "desks": desks,
        "messages": context.get("messages"),
        "categories": categories.CATEGORIES,
        "csrf_token": context.get("csrf_token"),
        "own_states": {d.own_post.pk: d.own_state for d in desks},  # read with the desks
        "IN": staffing.IN,
        "AWAY": staffing.AWAY,
    }


@register.simple_tag
def lookup(mapping, key):
    return mapping.get(key)
