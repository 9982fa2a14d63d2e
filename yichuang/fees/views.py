"""Pages and the platform's callback. Thin: every write is a service (services.py).

Online payment leaves our site for the platform's pay page. The page's CSP allows forms to
post only to ourselves (form-action 'self', which browsers also apply to a form's redirect), so
the order is opened by a POST here and the answer is a page with a link to the platform."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth import authenticate
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from yichuang.cases import selectors as case_selectors
from yichuang.common.errors import DomainError
from yichuang.common.ratelimit import ip_retry_after
from yichuang.portal import selectors as portal_selectors
from yichuang.portal.views.common import citizen_required
from yichuang.workbench.views import staff_required

from . import assessment, selectors, services
from .models import Payment
from .provider import provider
from .signing import HEADER

log = logging.getLogger(__name__)
CALLBACK_RATE = "600/min"


@csrf_exempt  # the platform cannot hold our CSRF token: its signature authenticates it instead
@require_POST
def callback(request):
    """The platform's asynchronous notice that an order was paid. Answers "SUCCESS" once the
    notice is recorded (applied now, applied before, or listed as a difference), so the
    platform stops resending; anything unsigned or malformed is refused and changes nothing."""
    if ip_retry_after(request, "fees-callback", CALLBACK_RATE):
        return HttpResponse("RATE_LIMITED", status=429, content_type="text/plain")
    body = request.body
    if not provider().verify_callback(body, request.headers.get(HEADER, "")):
        log.warning("payment callback with a bad signature refused")
        return HttpResponse("BAD_SIGNATURE", status=401, content_type="text/plain")
    try:
        data = json.loads(body)
        order_no, txn, amount, paid_at = data["order_no"], data["txn_id"], int(data["amount_fen"]), data["paid_at"]
    except (ValueError, KeyError, TypeError):
        return HttpResponse("BAD_REQUEST", status=400, content_type="text/plain")
    if data.get("status") != "paid":
        return HttpResponse("SUCCESS", content_type="text/plain")
    outcome = services.apply_confirmation(str(order_no)[:32], str(txn)[:64], amount, str(paid_at), "callback")
    log.info("payment callback %s: %s", order_no, outcome)
    return HttpResponse("SUCCESS", content_type="text/plain")


# ---------------------------------------------------------------- the workbench


def _staff_case(request, number):
    case = case_selectors.find_case(case_selectors.staff_user(request.user), number)
    if case is None:
        raise Http404("办件不存在")
    return case


@require_GET
@staff_required
def staff_case(request, number):
    case = _staff_case(request, number)
    user = case_selectors.staff_user(request.user)
    charge = assessment.assess(case) if case.accepted_at else None  # the relay may not have run yet
    return render(
        request,
        "fees/staff_case.html",
        {
            "case": case,
            "charge": charge,
            "payments": selectors.payments(charge),
            "window": services.may_work_window(user, case),
            "helper": services.may_pay_for(user, case),
            "channels": [Payment.Channel.CASH, Payment.Channel.CARD],
        },
    )


@require_POST
@staff_required
def window_payment(request, number):
    case = _staff_case(request, number)
    charge = selectors.charge_of(case)
    try:
        amount = selectors.fen_from_yuan(request.POST.get("amount", ""))
        payment = services.record_window_payment(charge, request.user, request.POST.get("channel", ""), amount)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已登记{payment.get_channel_display()}收费,票据号码{payment.receipt_number}。")
    return redirect("fees:staff_case", number)


@require_POST
@staff_required
def void_payment(request, number, payment_id):
    case = _staff_case(request, number)
    payment = get_object_or_404(Payment, pk=payment_id, charge__case=case)
    second = authenticate(
        request, username=request.POST.get("second_username", ""), password=request.POST.get("second_password", "")
    )
    if second is None:
        messages.error(request, "复核人账号或密码不正确。")
        return redirect("fees:staff_case", number)
    try:
        services.void_window_payment(payment, request.user, second, request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已更正作废该笔收费,办件恢复为待缴费。")
    return redirect("fees:staff_case", number)


@require_POST
@staff_required
def helper_pay(request, number):
    case = _staff_case(request, number)
    user = case_selectors.staff_user(request.user)
    if not services.may_pay_for(user, case):
        raise Http404("办件不存在")
    back = request.build_absolute_uri(reverse("fees:staff_case", args=[number]))
    return _to_platform(request, case, "helper", back, "fees/staff_case.html")


# ---------------------------------------------------------------- the hall


@citizen_required
@require_POST
def citizen_pay(request, number):
    case = portal_selectors.my_case(request.applicant, number)
    if case is None or not case.accepted_at:
        raise Http404("办件不存在")
    assessment.assess(case)
    back = request.build_absolute_uri(reverse("portal:case", args=[number]))
    return _to_platform(request, case, "applicant", back, None)


def _to_platform(request, case, payer_kind, back, template):
    charge = selectors.charge_of(case)
    try:
        pay_url = services.start_online(charge, payer_kind, back)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return render(request, "fees/to_platform.html", {"case": case, "charge": charge, "pay_url": pay_url, "back": back})
