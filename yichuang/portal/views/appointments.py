"""预约: choose an item's day and slot, book, see and cancel one's bookings; staff check-in."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from yichuang.catalog import selectors as catalog
from yichuang.common.errors import DomainError
from yichuang.org.calendar import is_working_day
from yichuang.org.models import StaffRole

from ..models import Booking, Slot
from ..services import appointments
from .common import citizen_required, not_found, problems_of

CHECK_IN_ROLES = (StaffRole.Role.CLERK, StaffRole.Role.HELPER, StaffRole.Role.HEAD)


def _days(site) -> list[dt.date]:
    today = timezone.localdate()
    days = [today + dt.timedelta(days=n) for n in range(1, appointments.BOOKING_DAYS_AHEAD + 1)]
    return [d for d in days if is_working_day(site, d)][:7]


@citizen_required(identity=False)
@require_http_methods(["GET"])
def my_bookings(request):
    bookings = Booking.objects.filter(account=request.account).select_related("slot__site").order_by("-booked_at")
    return render(request, "portal/bookings.html", {"bookings": bookings[:100]})


@citizen_required(identity=False)
@require_http_methods(["GET", "POST"])
def book(request, site_code: str, basic_code: str):
    site = catalog.get_public_site(site_code)
    site_item = catalog.get_site_item(site, basic_code) if site else None
    if site_item is None:
        return not_found(request, "该站点没有公布这个事项。")
    status, refusals = 200, []
    if request.method == "POST":
        slot_id = _slot_id(request.POST.get("slot"))
        slot = Slot.objects.filter(pk=slot_id, site=site, item=site_item.item).first() if slot_id else None
        if slot is None:
            status, refusals = 400, ["请选择一个时段。"]
        else:
            try:
                booking = appointments.book(request.account, slot)
            except DomainError as exc:
                status, refusals = exc.status, problems_of(exc)
            else:
                messages.success(request, f"预约成功,预约号 {booking.code}。请按时到大厅取号签到。")
                return redirect("portal:bookings")
    days = _days(site)
    day = days[0] if days else None
    try:
        day = dt.date.fromisoformat(request.GET["date"]) if request.GET.get("date") else day
    except ValueError:
        pass  # a mangled date in the address: show the first bookable day
    slots, error = [], ""
    if day is not None:
        try:
            slots = appointments.ensure_slots(site, site_item.version, day)
        except DomainError as exc:
            error = "".join(problems_of(exc))
    return render(
        request,
        "portal/book.html",
        {
            "site": site,
            "site_item": site_item,
            "days": days,
            "day": day,
            "slots": slots,
            "error": error,
            "errors": refusals,
        },
        status=status,
    )


def _slot_id(raw) -> int | None:
    """A slot's number as the form sends it; anything else (text, "1e400", full-width or
    absurdly long digits) is no slot, answered with a message instead of a 500."""
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


@citizen_required(identity=False)
@require_POST
def cancel(request, code: str):
    booking = Booking.objects.filter(account=request.account, code=code[:12]).first() if code.isprintable() else None
    if booking is None:
        return not_found(request, "没有找到该预约。")
    try:
        appointments.cancel(request.account, booking)
        messages.success(request, f"预约 {code} 已取消。")
    except DomainError as exc:
        for message in problems_of(exc):
            messages.error(request, message)
    return redirect("portal:bookings")


@login_required(login_url="workbench:login")
@require_http_methods(["GET", "POST"])
def check_in(request):
    """大厅签到 (staff): a clerk, helper or head types or scans the booking code."""
    if not request.user.staff_roles.filter(role__in=CHECK_IN_ROLES).exists():
        raise PermissionDenied("只有受理、帮办代办人员或中心负责人可以办理预约签到。")
    booking = None
    if request.method == "POST":
        try:
            booking = appointments.check_in(request.user, request.POST.get("code", ""))
            messages.success(request, f"预约 {booking.code} 已签到。")
        except DomainError as exc:
            for message in problems_of(exc):
                messages.error(request, message)
        return redirect("portal:check_in")
    return render(request, "portal/check_in.html", {"booking": booking})
