"""登录 (phone + one-time code), 实名认证 (with the proof code when binding a known person),
法人 (company) login, switching who one acts as."""

from __future__ import annotations

import re

from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from yichuang.common.errors import DomainError

from .. import limits, selectors
from ..services import accounts
from .common import citizen_required, problems_of, rate_limited


def _next(request, default: str = "portal:cases") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: redirect() would read "cases" as a view name (NoReverseMatch, a 500).
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


@never_cache
@require_http_methods(["GET", "POST"])
def login_page(request):
    """Step 1 sends a code to the phone; step 2 checks it. Both steps are one page and one form."""
    context = {
        "phone": "",
        "code_sent": False,
        "errors": [],
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    if request.method == "POST":
        context["phone"] = phone = (request.POST.get("phone") or "").strip()
        step = request.POST.get("step")
        wait = limits.ip_retry_after(request, "PORTAL_LOGIN_IP_RATE") if step == "send" else 0
        if wait:
            return rate_limited(request, wait)
        try:
            if step == "send":
                accounts.send_login_code(phone)
                context["code_sent"] = True
            else:
                account = accounts.log_in_with_code(phone, request.POST.get("code", ""))
                login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect(_next(request))
        except DomainError as exc:
            context["errors"] = problems_of(exc)
            context["code_sent"] = step != "send" or exc.code == "code_sent_recently"
    return render(request, "portal/login.html", context)


@require_POST
def logout_view(request):
    logout(request)
    return redirect("portal:index")


@citizen_required(identity=False)
@require_http_methods(["GET", "POST"])
def identity(request):
    """实名认证 (natural person) and the companies one represents (法人)."""
    context = _identity_context(request)
    if request.method == "POST":
        # Typed values come back after an error (never the ID number into a log: only the page).
        context.update(
            name=request.POST.get("name", ""),
            citizen_id=request.POST.get("citizen_id", ""),
            company_name=request.POST.get("company_name", ""),
            credit_code=request.POST.get("credit_code", ""),
        )
        try:
            if request.POST.get("step") == "company":
                company = accounts.add_company(
                    request.account,
                    credit_code=request.POST.get("credit_code", ""),
                    name=request.POST.get("company_name", ""),
                )
                request.session[selectors.SESSION_APPLICANT] = company.pk
                return redirect("portal:identity")
            applicant = accounts.verify_identity(
                request.account, name=request.POST.get("name", ""), citizen_id=request.POST.get("citizen_id", "")
            )
            request.session[selectors.SESSION_APPLICANT] = applicant.pk
            return redirect(_next(request))
        except accounts.IdentityProofRequired:
            target = reverse("portal:identity_confirm")
            return redirect(f"{target}?{urlencode({'next': context['next']})}" if context["next"] else target)
        except DomainError as exc:
            key = "company_errors" if request.POST.get("step") == "company" else "errors"
            context[key] = problems_of(exc)
    return render(request, "portal/identity.html", context)


def _identity_context(request) -> dict:
    return {
        "errors": [],
        "company_errors": [],
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "applicants": selectors.applicants_of(request.account),
        "account": request.account,
        "name": "",
        "citizen_id": "",
        "company_name": "",
        "credit_code": "",
    }


@citizen_required(identity=False)
@require_http_methods(["GET", "POST"])
def identity_confirm(request):
    """实名绑定核验: the code sent to the phone on record of the person this account claims."""
    if request.account.applicant_id is not None:
        return redirect("portal:identity")
    context = {
        "errors": [],
        "code": "",
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "pending": accounts.pending_proof(request.account) is not None,
    }
    if request.method == "POST":
        context["code"] = (request.POST.get("code") or "")[:12]
        try:
            applicant = accounts.confirm_identity_binding(request.account, request.POST.get("code", ""))
        except DomainError as exc:
            context["errors"] = problems_of(exc)
            context["pending"] = accounts.pending_proof(request.account) is not None
        else:
            request.session[selectors.SESSION_APPLICANT] = applicant.pk
            return redirect(_next(request))
    return render(request, "portal/identity_confirm.html", context)


@citizen_required
@require_POST
def act_as(request):
    """Switch between acting as oneself and as a company one represents."""
    raw = request.POST.get("applicant") or ""
    if not re.fullmatch(r"[0-9]{1,18}", raw):  # ASCII only: int() would also read "١٢" or "１２"
        context = _identity_context(request)
        context["errors"] = ["请选择要使用的办事身份(个人或您代表的企业)。"]
        return render(request, "portal/identity.html", context, status=400)
    wanted = int(raw)
    if any(a.pk == wanted for a in selectors.applicants_of(request.account)):
        request.session[selectors.SESSION_APPLICANT] = wanted
    return redirect(_next(request))
