"""Public pages of the hall: the home page with the smart guide (智能导办) and the progress
query (办件进度查询) that the QR codes on notices point to."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from yichuang.catalog import bundles
from yichuang.catalog import selectors as catalog

from .. import guide, limits, location, online, selectors
from .common import rate_limited


def _county():
    return catalog.public_sites().filter(level="county").first() or catalog.public_sites().first()


def _link(suggestion) -> str:
    if suggestion.site is None:
        return ""
    try:
        if suggestion.kind == "bundle":
            return reverse("guide:bundle", args=[suggestion.site.code, suggestion.key])
        return reverse("guide:item", args=[suggestion.site.code, suggestion.basic_code])
    except NoReverseMatch:
        return ""


def _apply_link(suggestion, home) -> str:
    """网上申请 only where it is handled online (issue 15 §5): an item by its 网上办理深度, a life
    event when every item it places for this citizen is; else "" and the page says 到窗口办理."""
    if suggestion.site is None:
        return ""
    if suggestion.kind == "bundle":
        bundle = catalog.get_site_bundle(suggestion.site, suggestion.key)
        placed = bundles.place(suggestion.site, bundle, home) if bundle else []
        if not placed or online.offline(p.site_item for p in placed):
            return ""
        return reverse("portal:apply_bundle", args=[suggestion.site.code, suggestion.key])
    if not suggestion.online:
        return ""
    return reverse("portal:apply", args=[suggestion.site.code, suggestion.basic_code])


def _cannot_do_link(site, need: str) -> str:
    """办不成事 report with the need already written in (one click from "没有找到")."""
    try:
        url = reverse("feedback:cannot_do")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode({'site': site.code if site else '', 'matter': f'在网上办事大厅找不到要办的事:{need}'})}"


def _place(request):
    """(the site to answer at, how it is known, the picker's matches): a site picked in the
    select or by name is remembered; else the remembered or household township; else the
    county, and the page asks where the citizen is."""
    picked = catalog.get_public_site(_text(request.GET.get("site"))[:32]) if request.GET.get("site") else None
    typed = _text(request.GET.get("place"))[: location.MAX_PLACE_CHARS]
    matches = location.match_places(typed) if typed else []
    if picked is None and len(matches) == 1:
        picked = matches[0]
    if picked is not None:
        location.remember(request, picked)
        return picked, "您选择的地点", []
    site, how = location.where(request)
    return (site, how, matches) if site is not None else (_county(), "", matches)


@require_GET
def index(request):
    """智能导办: say what you need, in your own words; answered where the citizen is."""
    need = _text(request.GET.get("need"))[: guide.MAX_NEED_CHARS]
    site, how, matches = _place(request)
    results = None
    if need:
        wait = limits.ip_retry_after(request, "PORTAL_GUIDE_RATE")
        if wait:
            return rate_limited(request, wait)
        home = location.home_township(request, site)
        results = [
            {"s": s, "guide_url": _link(s), "apply_url": _apply_link(s, home)}
            for s in guide.suggest(site, need, home=home)
        ]
    return render(
        request,
        "portal/index.html",
        {
            "need": need,
            "site": site,
            "how": how,
            "place": _text(request.GET.get("place"))[: location.MAX_PLACE_CHARS],
            "matches": matches,
            "tree": catalog.site_tree(),
            "results": results,
            "cannot_do_url": _cannot_do_link(site, need) if need else "",
            "examples": ["孩子出生了要办什么", "低保怎么申请", "高龄补贴", "开饭店"],
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
