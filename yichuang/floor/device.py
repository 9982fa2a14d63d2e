"""How a bound kiosk presents its device token: its own cookie, as the 评价器 does
(yichuang/feedback/device.py). Not a staff session."""

from __future__ import annotations

from django.conf import settings

from . import selectors

COOKIE = "yc_kiosk"
MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie; the head re-binds after that


def kiosk_of(request):
    return selectors.kiosk_for(request.COOKIES.get(COOKIE, ""))


def set_cookie(response, token: str) -> None:
    response.set_cookie(
        COOKIE, token, max_age=MAX_AGE, httponly=True, samesite="Strict", secure=settings.SESSION_COOKIE_SECURE
    )
