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
    site = catalog.get_public_site(code or "")
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
    need = (request.GET.get("need") or "").strip()[:guide.MAX_NEED_CHARS]
    site = _site(request.GET.get("site"))
    results = None
    if need:
        wait = limits.ip_retry_after(request, "PORTAL_GUIDE_RATE")
        if wait:
            return rate_limited(request, wait)
        results = [{"s": s, "guide_url": _link(s), "apply_url": _apply_link(s)} for s in guide.suggest(site, need)]
    return render(request, "portal/index.html", {
        "need": need, "site": site, "tree": catalog.site_tree(), "results": results,
        "examples": ["孩子出生了要办什么", "社保卡丢了怎么补", "开饭店"],
        "account": selectors.account_of(request.user)})


@never_cache
@require_http_methods(["GET", "POST"])
def progress(request):
    """办件进度查询: the case number (from the QR code or typed) plus the last four digits of the
    applicant's phone. Limited per address and per case number, so neither one person nor
    many addresses can walk through the 10,000 possible endings of one case."""
    number = (request.POST.get("case") or request.GET.get("case") or "").strip()[:32]
    context = {"number": number, "error": "", "result": None}
    if request.method == "POST":
        wait = max(limits.ip_retry_after(request, "PORTAL_PROGRESS_IP_RATE"),
                   limits.retry_after("PORTAL_PROGRESS_CASE_RATE", number or "-"))
        if wait:
            return rate_limited(request, wait)
        context["result"] = selectors.progress(number, request.POST.get("phone4", ""))
        if context["result"] is None:
            context["error"] = "办件编号或手机号后四位不正确,请核对后再试。"
    return render(request, "portal/progress.html", context)
