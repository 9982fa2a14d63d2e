from django import template

from .. import client

register = template.Library()


@register.inclusion_tag("sso/_login_button.html", takes_context=True)
def sso_login_button(context, purpose: str, next_url: str = ""):
    """The 用统一身份认证登录 button of a login page; nothing while OIDC is off."""
    return {"enabled": client.enabled(), "purpose": purpose, "next": next_url or ""}
