"""Pages and the platform's callback. Thin: every write is a service (services.py).

Online payment leaves our site for the platform's pay page. The page's CSP allows forms to
post only to ourselves (form-action 'self', which browsers also apply to a form's redirect), so
the order is opened by a POST here and the answer is a page with a link to the platform."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from yichuang.cases import selectors as case_selectors
from yichuang.cases.models import Case
from yichuang.common.errors import DomainError
from yichuang.feedback.permissions import applicant_ids
from yichuang.feedback.views.common import citizen_login, staff_login
from yichuang.supervision.access import watched_site_ids

from . import assessment, refunds, report, selectors, services
from .models import Payment, Refund, yuan

# ---------------------------------------------------------------- who gets in
# The workbench and the hall sit above this app (architecture § Apps): their login pages are
# reached by name, and which applicant a citizen account stands for is asked of the resolvers
# the feedback app keeps for the same need (feedback.permissions, decision 0012).


def staff_required(view):
    @staff_login
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not case_selectors.staff_user(request.user).staff_roles.all():
            raise PermissionDenied("只有窗口工作人员可以使用工作台。")
        return view(request, *args, **kwargs)

    return wrapped


def citizen_required(view):
    @never_cache
    @citizen_login
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.applicant_ids = applicant_ids(request.user)
        if not request.applicant_ids:
            raise PermissionDenied("请使用已实名认证的个人账号。")
        return view(request, *args, **kwargs)

    return wrapped


def _own_case(request, number) -> Case:
    case = Case.objects.filter(number=number, applicant_id__in=request.applicant_ids).first()
    if case is None or not case.accepted_at:
        raise Http404("没有找到该办件,或该办件不属于您。")
    return case


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
    second = _second_person(request)
    if second is None:
        return redirect("fees:staff_case", number)
    try:
        services.void_window_payment(payment, request.user, second, request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已更正作废该笔收费,办件恢复为待缴费。")
    return redirect("fees:staff_case", number)


def _second_person(request):
    """The second person's own account and password, typed at the clerk's screen."""
    second = authenticate(
        request, username=request.POST.get("second_username", ""), password=request.POST.get("second_password", "")
    )
    if second is None:
        messages.error(request, "复核人账号或密码不正确。")
    return second


@require_POST
@staff_required
def window_refund(request, number, refund_id):
    case = _staff_case(request, number)
    refund = get_object_or_404(Refund, pk=refund_id, payment__charge__case=case)
    second = _second_person(request)
    if second is not None:
        try:
            refunds.record_window_refund(refund, request.user, second)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记窗口退款{yuan(refund.amount_fen)}。")
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
    case = _own_case(request, number)
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


# ---------------------------------------------------------------- the numbers


def _report_scope(request):
    sites = watched_site_ids(request.user)
    if not sites:
        raise PermissionDenied("只有中心负责人和监察人员可以查看收费日报。")
    raw = request.GET.get("day", "")
    try:
        day = dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return sites, day


@require_GET
@staff_required
def money_report(request):
    sites, day = _report_scope(request)
    found = report.rows(sites, day)
    return render(request, "fees/report.html", {"rows": found, "total": report.totals(found), "day": day})


@require_GET
@staff_required
def money_report_xlsx(request):
    sites, day = _report_scope(request)
    response = HttpResponse(
        report.workbook_bytes(report.rows(sites, day), day),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="fees-{day.isoformat()}.xlsx"'
    return response
