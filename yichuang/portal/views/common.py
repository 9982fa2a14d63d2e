"""Shared plumbing of the hall's pages: who is logged in, who they act as, refusals."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from yichuang.common.ratelimit import too_many_requests

from .. import selectors


def citizen_required(view=None, *, identity: bool = True):
    """Logged in as a citizen (else to the hall's login); staff accounts are refused (they use
    the workbench). With identity=True the account must have passed the real-name check; the
    view gets request.account and request.applicant (who the citizen acts as)."""

    def decorate(view):
        @never_cache
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect(f"{reverse('portal:login')}?{urlencode({'next': request.get_full_path()})}")
            account = selectors.account_of(request.user)
            if account is None:
                raise PermissionDenied("工作人员账号不能使用网上办事大厅的个人功能。")
            request.account = account
            request.applicant = selectors.acting_applicant(account, request.session)
            if identity and request.applicant is None:
                return redirect(f"{reverse('portal:identity')}?{urlencode({'next': request.get_full_path()})}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view else decorate


def problems_of(exc) -> list[str]:
    return [p.message for p in exc.problems]


def rate_limited(request, wait: int):
    return too_many_requests(request, wait, "portal/rate_limited.html")


def not_found(request, message: str = "没有找到该页面,或您无权查看。"):
    return render(request, "portal/not_found.html", {"message": message}, status=404)
