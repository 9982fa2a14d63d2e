"""Public pages of the hall: the home page with the smart guide (智能导办) and the progress
query (办件进度查询) that the QR codes on notices point to."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from yichuang.catalog import selectors as catalog

from .. import guide, limits, selectors
from .common import rate_limited


def _site(code: str | None):
    site = catalog.get_public_site(_text(code)[:32])
    return site or catalog.public_sites().filter(level="county").first() or catalog.public_sites().first()


def _link(suggestion) -> str:
    try:
        if suggestion.kind == "bundle":
            return reverse("guide:bundle", args=[suggestion.site.code, suggestion.key])
        return reverse("guide:item", args=[suggestion.site.code, suggestion.basic_code])
    except NoReverseMatch:
        return ""


def _apply_link(suggestion) -> str:
    if suggestion.kind == "bundle":
        return reverse("portal:apply_bundle", args=[suggestion.site.code, suggestion.key])
    return reverse("portal:apply", args=[suggestion.site.code, suggestion.basic_code])


@require_GET
def index(request):
    """Home: say what you need, in your own words."""
    need = (request.GET.get("need") or "").strip()[: guide.MAX_NEED_CHARS]
    site = _site(request.GET.get("site"))
    results = None
    if need:
        wait = limits.ip_retry_after(request, "PORTAL_GUIDE_RATE")
        if wait:
            return rate_limited(request, wait)
        results = [{"s": s, "guide_url": _link(s), "apply_url": _apply_link(s)} for s in guide.suggest(site, need)]
    return render(
        request,
        "portal/index.html",
        {
            "need": need,
            "site": site,
            "tree": catalog.site_tree(),
            "results": results,
            "examples": ["孩子出生了要办什么", "社保卡丢了怎么补", "开饭店"],
            "account": selectors.account_of(request.user),
        },
    )


PROGRESS = "progress"


@never_cache
@require_http_methods(["GET", "POST"])
def progress(request):
    """办件进度查询: the case number (from the QR code or typed) plus the last four digits of the
    applicant's phone. Limited per address — a request budget, and a wait that doubles with each
    further wrong answer — never per case: case numbers are sequential, and a per-case lock let
    anyone lock the real holder out (issue 13)."""
    number = _text(request.POST.get("case") or request.GET.get("case"))[:32]
    context = {"number": number, "error": "", "result": None}
    if request.method == "POST":
        wait = max(limits.ip_retry_after(request, "PORTAL_PROGRESS_IP_RATE"), limits.failure_wait(request, PROGRESS))
        if wait:
            return rate_limited(request, wait)
        context["result"] = selectors.progress(number, _text(request.POST.get("phone4")))
        if context["result"] is None:
            limits.record_failure(request, PROGRESS)
            context["error"] = "办件编号或手机号后四位不正确,请核对后再试。"
        else:
            limits.forget_failures(request, PROGRESS)
    return render(request, "portal/progress.html", context)


def _text(value) -> str:
    """Typed text without control characters (PostgreSQL refuses a NUL in a query: a 500)."""
    return "".join(ch for ch in (value or "") if ch.isprintable()).strip()
