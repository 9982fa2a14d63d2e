"""办不成事反映 (R-51): a public form, no login. CSRF-protected, limited per address, and the
phone is shown back only masked."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from yichuang.common.errors import DomainError
from yichuang.common.ratelimit import ip_retry_after, too_many_requests
from yichuang.org.models import Site

from .. import config, selectors, services
from ..forms import UnresolvedReportForm, add_problems
from ..models import UnresolvedReport

SESSION_KEY = "feedback.cannot_do.last"


def retry_after(request) -> int:
    return ip_retry_after(request, "feedback:cannot-do", config.get("CANNOT_DO_RATE"))


@require_http_methods(["GET", "POST"])
@never_cache
def cannot_do(request):
    sites = list(selectors.public_sites())
    # The smart guide's "没有找到" links here with the need written in (issue 15 §2).
    initial = {"site": request.GET.get("site", ""), "matter": request.GET.get("matter", "")[:200]}
    form = UnresolvedReportForm(request.POST or None, sites=sites, initial=initial)
    context = {"form": form}
    if request.method == "GET":
        return render(request, "feedback/cannot_do.html", context)
    wait = retry_after(request)
    if wait:
        return too_many_requests(request, wait, "feedback/rate_limited.html")
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_unresolved(
                Site.objects.filter(code=data["site"], is_active=True).first(),
                matter=data["matter"],
                place=data["place"],
                name=data["name"],
                phone=data["phone"],
            )
        except DomainError as exc:
            add_problems(form, exc)
        else:
            request.session[SESSION_KEY] = report.pk
            return redirect(reverse("feedback:cannot_do_thanks"))
    context["error"] = "未能提交,请更正下面标出的内容。"
    return render(request, "feedback/cannot_do.html", context, status=400)


@require_GET
@never_cache
def cannot_do_thanks(request):
    report = (
        UnresolvedReport.objects.filter(pk=request.session.get(SESSION_KEY))
        .select_related("site", "rectification")
        .first()
    )
    if report is None:
        return redirect(reverse("feedback:cannot_do"))
    return render(request, "feedback/cannot_do_thanks.html", {"report": report})
