"""Which items the hall takes applications for (issue 15 §5): those the catalogue says are handled
online — 网上办理深度 (ItemVersion.online_depth) of 网上预审 (三级) or deeper, the same line the
guide page draws for its 网上申请 button (catalog.guide.offers). An item of 表格下载 or less is
applied for at the window: the smart guide offers no 网上申请 for it, and its apply page, even
reached by a typed address, says so in Chinese and where to go (HTTP 403). A life event is
applied for online only when every one of its items is."""

from __future__ import annotations

from django.shortcuts import render

from yichuang.catalog.models.choices import OnlineDepth

ONLINE_FROM = OnlineDepth.PREREVIEW


def handled_online(version) -> bool:
    return version is not None and version.online_depth >= ONLINE_FROM


def offline(site_items) -> list:
    """The site items (of a life event) that are not handled online."""
    return [si for si in site_items if si is not None and not handled_online(si.version)]


def refusal(request, site, site_items, event: str = ""):
    """The page for an item (or the items of a life event) not handled online."""
    rows = [
        {
            "name": si.version.name,
            "site": si.site,
            "address": si.version.location or si.site.address,
            "phone": si.site.phone,
            "basic_code": si.item.basic_code,
            "booking": bool(si.version.appointment_supported and si.version.appointment_daily_quota),
        }
        for si in site_items
    ]
    return render(request, "portal/not_online.html", {"site": site, "rows": rows, "event": event}, status=403)
