"""网上咨询 in the hall (issue 15 §6, R-25): ask the site's 综合咨询 window about an item, and
read the answers (also told by 消息 and SMS)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from yichuang.catalog import selectors as catalog
from yichuang.common.errors import DomainError
from yichuang.consult import selectors as consult
from yichuang.consult import services as consult_services

from .. import limits, selectors
from .common import citizen_required, not_found, problems_of, rate_limited


@citizen_required
@require_http_methods(["GET", "POST"])
def ask(request, site_code: str, basic_code: str):
    site = catalog.get_public_site(site_code)
    site_item = catalog.get_site_item(site, basic_code) if site else None
    if site_item is None:
        return not_found(request, "该站点没有公布这个事项。")
    errors, typed, status = [], "", 200
    if request.method == "POST":
        wait = limits.retry_after("PORTAL_CONSULT_RATE", f"user:{request.user.pk}")
        if wait:
            return rate_limited(request, wait)
        typed = (request.POST.get("text") or "")[: consult_services.MAX_CHARS + 100]
        try:
            consult_services.ask(request.user, request.applicant, site, site_item.item, typed)
        except DomainError as exc:
            errors, status = problems_of(exc), exc.status
        else:
            messages.success(
                request, f"已提交。{site.name}综合咨询窗口将在{consult_services.working_days()}个工作日内答复。"
            )
            return redirect(request.path)
    ids = [a.pk for a in selectors.applicants_of(request.account)]
    context = {
        "site": site,
        "version": site_item.version,
        "questions": consult.mine(ids, site_item.item),
        "errors": errors,
        "typed": typed,
        "days": consult_services.working_days(),
        "nav": "consult",
    }
    return render(request, "portal/consult.html", context, status=status)


@citizen_required
@require_GET
def my_questions(request):
    ids = [a.pk for a in selectors.applicants_of(request.account)]
    return render(request, "portal/consult_list.html", {"questions": consult.mine(ids), "nav": "consult"})
