"""用统一身份认证登录: start (POST from the login pages' button), callback, logout.

Thin views: the flow's checks are in client.py, who the person is in services.py. Both doors are
rate-limited per address; every refusal is a Chinese page (403) and a log line with its code
only — never a token, an authorisation code, a name or an ID number."""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.contrib.auth import login, logout
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from yichuang.common import ratelimit
from yichuang.portal.selectors import SESSION_APPLICANT
from yichuang.workbench.landing import landing_url

from . import client, services

log = logging.getLogger("yichuang.sso")

SESSION_PURPOSE = "sso_purpose"  # which door the session came through (hall/staff): logout ends it there too
BACKENDS = {"hall": "django.contrib.auth.backends.ModelBackend", "staff": "yichuang.common.auth.StaffBackend"}
SESSION_REFUSAL = "sso_refusal"
HOMES = {"hall": "portal:index", "staff": "workbench:login"}


def _purpose(purpose: str) -> str:
    if purpose not in client.PURPOSES or not client.enabled():
        raise Http404("统一身份认证未启用。")
    return purpose


def _limited(request, purpose: str):
    wait = ratelimit.ip_retry_after(request, f"sso:{purpose}", client.config()["RATE"])
    return ratelimit.too_many_requests(request, wait, f"sso/rate_limited_{purpose}.html") if wait else None


def _safe_next(request, value: str) -> str:
    if value.startswith("/") and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def refused(request, purpose: str, exc: client.LoginRefused):
    """Off the callback's address first: Django logs a 4xx with the request's query string, which
    holds the authorisation code and state."""
    log.warning("sso login refused: %s (%s)", exc.code, purpose)
    request.session[SESSION_REFUSAL] = exc.message
    return redirect("sso:refused", purpose)


@never_cache
@require_GET
def refused_page(request, purpose: str):
    purpose = _purpose(purpose)
    message = request.session.pop(SESSION_REFUSAL, "") or "本次登录未完成。" + client.AGAIN
    return render(request, f"sso/refused_{purpose}.html", {"message": message, "purpose": purpose}, status=403)


@never_cache
@require_POST
def start(request, purpose: str):
    purpose = _purpose(purpose)
    if limited := _limited(request, purpose):
        return limited
    request.session[f"sso_next_{purpose}"] = _safe_next(request, request.POST.get("next") or "")
    redirect_uri = request.build_absolute_uri(reverse("sso:callback", args=[purpose]))
    try:
        return client.app(purpose).authorize_redirect(request, redirect_uri)
    except (requests.RequestException, ValueError) as exc:
        log.warning("sso start: provider unreachable (%s)", type(exc).__name__)
        return refused(
            request,
            purpose,
            client.LoginRefused("unreachable", "统一身份认证平台暂时无法连接,请稍后再试或用其他方式登录。"),
        )


@never_cache
@require_GET
def callback(request, purpose: str):
    purpose = _purpose(purpose)
    if limited := _limited(request, purpose):
        return limited
    try:
        claims = client.finish(request, purpose).claims
        if purpose == "staff":
            user = services.staff_user_for(claims)
        else:
            account = services.citizen_account_for(claims)
            user = account.user
    except client.LoginRefused as exc:
        return refused(request, purpose, exc)
    target = request.session.pop(f"sso_next_{purpose}", "")
    login(request, user, backend=BACKENDS[purpose])
    request.session[SESSION_PURPOSE] = purpose
    if purpose == "staff":
        return redirect(target or landing_url(user))
    request.session[SESSION_APPLICANT] = account.applicant_id
    return redirect(target or reverse("portal:cases"))


@require_POST
def logout_view(request):
    """Ends the local session; a session that came through the platform is then sent to the
    platform's end-session page (RP-initiated logout), which returns to our home page."""
    purpose = request.session.get(SESSION_PURPOSE)
    door = purpose or ("staff" if request.POST.get("door") == "staff" else "hall")
    logout(request)
    home = request.build_absolute_uri(reverse(HOMES[door]))
    if purpose and client.enabled() and settings.YICHUANG_OIDC["LOGOUT"]:
        if url := client.logout_url(purpose, home):
            return redirect(url)
    return redirect(home)
