"""Public service-guide pages (办事指南, R-11, R-12, R-16, R-62). No login. Thin: reads come
from `selectors`, the content of a guide from `guide` — the same dict the API returns."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from yichuang.common.ratelimit import ip_retry_after, too_many_requests

from . import bundles, guide, selectors


def public_page(view):
    """Published guides change only when an item is published; five minutes of caching saves
    villagers on weak networks a round trip when they go back and forth between pages. Only a
    200 is marked public: a 429 or 404 must not be kept by a proxy for everyone."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=300)
        return response

    return wrapped


def search_retry_after(request) -> int:
    return ip_retry_after(request, "guide-search", settings.YICHUANG.get("GUIDE_SEARCH_RATE"))


def not_found(request, message: str):
    return render(request, "guide/not_found.html", {"message": message}, status=404)


def rate_limited(request, retry_after: int):
    return too_many_requests(request, retry_after, "guide/rate_limited.html")


@require_GET
@public_page
def index(request):
    return render(request, "guide/index.html", {"tree": selectors.site_tree()})


@require_GET
def search(request):
    """The search box of the index page: it names a site, the site page does the searching."""
    site = selectors.get_public_site(request.GET.get("site", ""))
    if site is None:
        return not_found(request, "请选择要查询的服务中心(站点)。")
    url = reverse("guide:site", args=[site.code])
    q = request.GET.get("q", "").strip()
    return redirect(f"{url}?{urlencode({'q': q})}" if q else url)


@require_GET
@public_page
def site_items(request, site_code: str):
    site = selectors.get_public_site(site_code)
    if site is None:
        return not_found(request, f"没有找到编码为“{site_code}”的服务中心(站点)。")
    q = request.GET.get("q", "").strip()
    context = {"site": site, "q": q, "by": "bundle" if request.GET.get("by") == "bundle" else "department"}
    if q:
        retry_after = search_retry_after(request)
        if retry_after:
            return rate_limited(request, retry_after)
        results = selectors.search_site_items(site, q, selectors.DEFAULT_LIMIT + 1)
        context.update(
            results=[guide.item_summary(row) for row in results[: selectors.DEFAULT_LIMIT]],
            truncated=len(results) > selectors.DEFAULT_LIMIT,
            bundles=selectors.search_bundles(site, q),
        )
    elif context["by"] == "bundle":
        context["bundles"] = selectors.site_bundles(site)
    else:
        context.update(_department_view(site, request.GET.get("dept", "")))
    return render(request, "guide/site.html", context)


def _department_view(site, dept: str) -> dict:
    """Every item grouped by department; on a large site, the departments first and one
    department's items at a time (?dept=<id>)."""
    departments = selectors.department_counts(site)
    chosen = next((d for d in departments if str(d.department_id) == dept), None)
    if chosen is None and sum(d.count for d in departments) > selectors.FULL_LIST_MAX:
        return {"departments": departments, "groups": []}
    groups = selectors.site_items_by_department(site, chosen.department_id if chosen else None)
    for group in groups:
        group.items = [guide.item_summary(row) for row in group.rows]
    return {"departments": departments, "groups": groups, "chosen": chosen}


def _guide_or_404(request, site_code: str, basic_code: str):
    site = selectors.get_public_site(site_code)
    if site is None:
        return None, not_found(request, f"没有找到编码为“{site_code}”的服务中心(站点)。")
    site_item = selectors.get_site_item(site, basic_code)
    if site_item is None:
        return None, not_found(request, f"{site.name}没有公布编码为“{basic_code}”的事项。")
    return {**guide.guide_document(site_item), "offers": guide.offers(site_item.version)}, None


@require_GET
@public_page
def item_guide(request, site_code: str, basic_code: str):
    doc, error = _guide_or_404(request, site_code, basic_code)
    return error or render(request, "guide/item.html", {"doc": doc})


@require_GET
@public_page
def item_print(request, site_code: str, basic_code: str):
    doc, error = _guide_or_404(request, site_code, basic_code)
    return error or render(request, "guide/print.html", {"doc": doc, "printed_on": timezone.localdate()})


@require_GET
@public_page
def bundle_detail(request, site_code: str, code: str):
    site = selectors.get_public_site(site_code)
    if site is None:
        return not_found(request, f"没有找到编码为“{site_code}”的服务中心(站点)。")
    bundle = selectors.get_site_bundle(site, code)
    if bundle is None:
        return not_found(request, f"{site.name}没有公布编码为“{code}”的一件事。")
    chosen = request.session.get(bundles.CHOSEN_SITE_SESSION_KEY)
    home = bundles.township_of(selectors.get_public_site(chosen)) if isinstance(chosen, str) else None
    return render(request, "guide/bundle.html", {"site": site, "doc": guide.bundle_document(site, bundle, home)})
