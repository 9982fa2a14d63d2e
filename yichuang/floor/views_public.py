"""The hall's public screens: the ticket kiosk (bound device, no login) and the call screen on
the hall's television (public: it shows numbers and window numbers only, never a name)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from yichuang.common.errors import DomainError
from yichuang.common.ratelimit import ip_retry_after, too_many_requests

from . import categories, device, selectors, services, staffing
from .models import Ticket

SESSION_KEY = "floor.kiosk.ticket"
KIOSK_RATE = "30/min"  # a kiosk prints a few a minute at the busiest hour; more is someone playing
SCREEN_RATE = "240/min"  # the screen polls once a second


def _rate(name: str) -> str:
    return settings.YICHUANG.get(name, {"FLOOR_KIOSK_RATE": KIOSK_RATE, "FLOOR_SCREEN_RATE": SCREEN_RATE}[name])


def _kiosk_page(request, kiosk, status=200, **extra):
    offered = categories.offered(staffing.open_window_types(kiosk.site)) if kiosk else []
    return render(
        request,
        "floor/kiosk.html",
        {"kiosk": kiosk, "offered": offered, "green": Ticket.Green.choices, **extra},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@never_cache
def kiosk(request):
    """取号: pick a category (optionally the green channel), or type the appointment's number."""
    kiosk = device.kiosk_of(request)
    if kiosk is None:
        return render(request, "floor/kiosk.html", {"kiosk": None}, status=400 if request.method == "POST" else 200)
    if request.method == "GET":
        return _kiosk_page(request, kiosk)
    wait = ip_retry_after(request, "floor:kiosk", _rate("FLOOR_KIOSK_RATE"))
    if wait:
        return too_many_requests(request, wait, "floor/rate_limited.html")
    try:
        if request.POST.get("booking") is not None:
            ticket = services.issue_for_booking(kiosk.site, request.POST.get("booking", ""))
        else:
            ticket = services.issue(
                kiosk.site, request.POST.get("category", ""), green_reason=request.POST.get("green", "")
            )
    except DomainError as exc:
        return _kiosk_page(request, kiosk, status=exc.status, error=exc.message)
    request.session[SESSION_KEY] = ticket.pk
    return redirect(reverse("floor:kiosk_ticket"))


@require_GET
@never_cache
def kiosk_ticket(request):
    """The number just taken, shown large (and printable); only on the kiosk that issued it."""
    kiosk = device.kiosk_of(request)
    pk = request.session.get(SESSION_KEY)
    ticket = Ticket.objects.filter(pk=pk, site=kiosk.site).first() if kiosk and pk else None
    if ticket is None:
        return redirect(reverse("floor:kiosk"))
    ahead = Ticket.objects.filter(
        site=ticket.site, day=ticket.day, queue=ticket.queue, state=Ticket.State.WAITING, issued_at__lt=ticket.issued_at
    ).count()
    return render(
        request,
        "floor/kiosk_ticket.html",
        {"kiosk": kiosk, "ticket": ticket, "ahead": ahead, "category": categories.BY_CODE[ticket.category]},
    )


def _screen_site(site_code: str):
    site = selectors.site_by_code(site_code)
    if site is None:
        raise Http404("没有这个服务中心")
    return site


@require_GET
@never_cache
def call_screen(request, site_code: str):
    site = _screen_site(site_code)
    return render(request, "floor/screen.html", {"s": selectors.screen(site), "categories": categories.CATEGORIES})


@require_GET
@never_cache
def call_screen_now(request, site_code: str):
    """The screen's changing part, fetched every second by htmx."""
    site = _screen_site(site_code)
    wait = ip_retry_after(request, "floor:screen", _rate("FLOOR_SCREEN_RATE"))
    if wait:
        return too_many_requests(request, wait, "floor/rate_limited.html")
    return render(request, "floor/_screen_now.html", {"s": selectors.screen(site), "categories": categories.CATEGORIES})
