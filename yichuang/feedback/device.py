"""How a bound 评价器 tablet presents its device token: its own cookie (pages and the API from
the tablet's browser) or a header (a native tablet app). Not a session: logging a clerk in or out
on the tablet changes nothing about which window it is."""

from __future__ import annotations

from django.conf import settings

from . import selectors

COOKIE = "yc_tablet"
HEADER = "X-Yichuang-Tablet"
MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie; the head re-binds after that


def token_of(request) -> str:
    return request.headers.get(HEADER) or request.COOKIES.get(COOKIE, "")


def device_of(request):
    return selectors.tablet_device(token_of(request))


def set_cookie(response, token: str) -> None:
    # SameSite=Strict: no other site can make the tablet's browser post a rating with it.
    response.set_cookie(
        COOKIE, token, max_age=MAX_AGE, httponly=True, samesite="Strict", secure=settings.SESSION_COOKIE_SECURE
    )
