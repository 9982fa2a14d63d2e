"""Staff pages of the hall floor: the clerk's buttons (their panel is on the workbench home
page, templatetags/floor_panel.py), attendance marks, and the head's floor overview with
kiosk binding, A/B posts and leave."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yichuang.common.errors import DomainError, Problem
from yichuang.feedback import permissions as feedback_permissions
from yichuang.feedback.views.common import staff_login
from yichuang.org.models import Post, User, Window

from . import categories, device, selectors, services, staffing
from .models import Ticket

ACTIONS = {"recall": services.recall, "start": services.start, "skip": services.skip}


def _home():
    return redirect(reverse("workbench:home") + "#floor")


def _done(request, message: str):
    messages.success(request, message)
    return _home()


def _refused(request, exc: DomainError):
    messages.error(request, exc.message)
    return _home()


def _served_window(request, window_id: int) -> Window:
    window = Window.objects.filter(pk=window_id).select_related("site").first()
    if window is None or not feedback_permissions.is_staff_member_at(request.user, window.site_id):
        raise Http404("窗口不存在")
    if not feedback_permissions.may_serve_window(request.user, window):
        raise PermissionDenied("只有在本窗口任A岗或B岗的工作人员可以叫号。")
    return window


@require_POST
@staff_login
def call_next(request, window_id: int):
    window = _served_window(request, window_id)
    try:
        ticket = services.call_next(window, request.user)
    except DomainError as exc:
        return _refused(request, exc)
    if ticket is None:
        return _done(request, f"{window}:当前没有等候的号。")
    return _done(request, f"已叫号:{selectors.announcement(ticket)}。")


@require_POST
@staff_login
def ticket_act(request, pk: int, action: str):
    ticket = Ticket.objects.filter(pk=pk, window__isnull=False).select_related("window").first()
    if ticket is None or action not in {*ACTIONS, "finish", "transfer"}:
        raise Http404("没有这个号")
    _served_window(request, ticket.window_id)
    try:
        if action == "finish":
            ticket = services.finish(ticket, request.user, request.POST.get("case", ""))
            return _done(request, f"{ticket.code}号已办结,已邀请办事人在评价器上评价。")
        if action == "transfer":
            ticket = services.transfer(ticket, request.user, request.POST.get("category", ""))
            return _done(request, f"{ticket.code}号已转到“{categories.BY_CODE[ticket.queue].label}”排队。")
        ticket = ACTIONS[action](ticket, request.user)
    except DomainError as exc:
        return _refused(request, exc)
    return _done(request, f"{ticket.code}号:{ticket.get_state_display()}。")


@require_POST
@staff_login
def mark(request, post_id: int):
    post = Post.objects.filter(pk=post_id, staff=request.user).select_related("window").first()
    if post is None:
        raise Http404("没有这个岗位")
    try:
        entry = staffing.mark(post, request.user, request.POST.get("kind", ""), request.POST.get("note", ""))
    except DomainError as exc:
        return _refused(request, exc)
    return _done(request, f"{post.window}:{entry.get_kind_display()}已登记({timezone.localtime(entry.at):%H:%M})。")


def _overseen(request, site_code: str):
    site = selectors.overseen_site(request.user, site_code)
    if site is None:
        if selectors.site_by_code(site_code) is None:
            raise Http404("没有这个服务中心")
        raise PermissionDenied("只有本中心负责人或监察人员可以查看大厅现场。")
    return site


@require_GET
@staff_login
@never_cache
def overview(request, site_code: str):
    """The head's view of the floor: windows, their posts and who is in place, today's tickets."""
    site = _overseen(request, site_code)
    now = timezone.now()
    windows = list(Window.objects.filter(site=site, is_active=True).order_by("number"))
    posts = list(Post.objects.filter(window__in=windows).select_related("staff").order_by("position"))
    states = staffing.post_states(posts, now)
    today = timezone.localdate(now)
    rows = []
    for w in windows:
        own = [(p, staffing.LABELS[states[p.pk]]) for p in posts if p.window_id == w.pk]
        rows.append({"window": w, "posts": own, "open": any(states[p.pk] == staffing.IN for p, _ in own)})
    staff = User.objects.filter(staff_roles__site=site).distinct().order_by("username")
    return render(
        request,
        "floor/overview.html",
        {
            "site": site,
            "rows": rows,
            "figures": selectors.time_figures([site.pk], today, today),
            "week": selectors.time_figures([site.pk], today - dt.timedelta(days=6), today),
            "heads": site.pk in feedback_permissions.headed_site_ids(request.user),
            "staff": staff,
            "positions": Post.Position.choices,
        },
    )


def _headed(request, site_code: str):
    site = _overseen(request, site_code)
    if site.pk not in feedback_permissions.headed_site_ids(request.user):
        raise PermissionDenied("只有本中心负责人可以调整岗位、登记请假和绑定取号机。")
    return site


def _back(site, message: str, request, ok: bool = True):
    (messages.success if ok else messages.error)(request, message)
    return redirect(reverse("floor:overview", args=[site.code]))


@require_POST
@staff_login
def assign_post(request, site_code: str):
    site = _headed(request, site_code)
    window = get_object_or_404(Window, pk=request.POST.get("window") or 0, site=site)
    staff = User.objects.filter(pk=request.POST.get("staff") or 0, staff_roles__site=site).first()
    if staff is None:
        return _back(site, "请选择本站点的工作人员。", request, ok=False)
    try:
        staffing.assign_post(window, request.POST.get("position", ""), staff, request.user)
    except DomainError as exc:
        return _back(site, exc.message, request, ok=False)
    return _back(site, f"{window}{request.POST.get('position')}岗已调整为{staff},已记入审计日志。", request)


@require_POST
@staff_login
def record_leave(request, site_code: str):
    site = _headed(request, site_code)
    staff = User.objects.filter(pk=request.POST.get("staff") or 0, staff_roles__site=site).first()
    try:
        hours = float(request.POST.get("hours", ""))
    except ValueError:
        hours = 0
    if staff is None or not 0 < hours <= 24 * 30:
        return _back(site, "请选择人员,并填写请假时长(小时,最多720)。", request, ok=False)
    start = timezone.now()
    try:
        staffing.record_leave(
            staff, start, start + dt.timedelta(hours=hours), request.POST.get("reason", ""), request.user
        )
    except DomainError as exc:
        return _back(site, exc.message, request, ok=False)
    return _back(site, f"已登记{staff}请假{hours:g}小时。", request)


@require_http_methods(["GET", "POST"])
@staff_login
@never_cache
def bind_kiosk(request, site_code: str):
    """The head, on the kiosk itself, binds it to the hall; then leaves it logged out."""
    site = _headed(request, site_code)
    if request.method == "GET":
        return render(request, "floor/bind_kiosk.html", {"site": site})
    _, token = services.bind_kiosk(site, request.user)
    logout(request)  # the kiosk must not keep the head's staff session
    response = redirect(reverse("floor:kiosk"))
    device.set_cookie(response, token)
    return response


@require_GET
@staff_login
@never_cache
def planning(request, site_code: str):
    """容量测算 (R-63): windows per hour by Erlang C beside the staffed windows; a what-if item."""
    from yichuang.catalog.models import Item

    from . import planning as capacity_plan

    site = _overseen(request, site_code)
    code = request.GET.get("item", "").strip()[:40]
    item = Item.objects.filter(basic_code=code).first() if code and code.isprintable() else None
    error = "" if item or not code else f"没有基本编码为“{code}”的事项。"
    p = capacity_plan.plan(site, item=item)
    return render(
        request,
        "floor/planning.html",
        {
            "site": site,
            "plan": p,
            "categories": categories.CATEGORIES,
            "chart": capacity_plan.chart_data(p),
            "choices": capacity_plan.what_if_items(site)[:200],
            "error": error,
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_login
@never_cache
def assessment_sheet(request, site_code: str):
    """月度考核表: the figures per staff member and the head's score and comment (R-55)."""
    from django.http import HttpResponse

    from . import assessment

    site = _overseen(request, site_code)
    try:
        month = assessment.parse_month(request.GET.get("month", "") or request.POST.get("month", ""))
    except DomainError as exc:
        month, error = timezone.localdate().replace(day=1), exc.message
    else:
        error = ""
    status = 400 if error else 200
    if request.method == "POST" and not error:
        staff = User.objects.filter(pk=request.POST.get("staff") or 0).first()
        try:
            if staff is None:
                raise DomainError(Problem("staff_unknown", "请选择人员。", "staff"))
            assessment.score(
                site, staff, month, request.POST.get("score", ""), request.POST.get("comment", ""), request.user
            )
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(request, f"已保存{staff}的{month:%Y年%m月}评分。")
            return redirect(reverse("floor:assessment", args=[site.code]) + f"?month={month:%Y-%m}")
    rows = assessment.sheet(site, month)
    if request.GET.get("format") == "xlsx" and not error:
        response = HttpResponse(
            assessment.workbook(site, month, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="assessment-{site.code}-{month:%Y-%m}.xlsx"'
        return response
    return render(
        request,
        "floor/assessment.html",
        {
            "site": site,
            "month": month,
            "rows": rows,
            "columns": assessment.COLUMNS,
            "heads": site.pk in feedback_permissions.headed_site_ids(request.user),
            "error": error,
        },
        status=status,
    )


@require_GET
@staff_login
@never_cache
def service_circles(request, site_code: str):
    """服务圈 (R-56): reach time from every village of the site's county to its station and its
    township centre, the villages outside the target, and an offline map."""
    from . import circles

    site = _overseen(request, site_code)
    county = site.region
    while county.parent_id is not None:
        county = county.parent
    reach_list = circles.reaches(county)
    return render(
        request,
        "floor/circles.html",
        {
            "site": site,
            "county": county,
            "rows": reach_list,
            "outside": [r for r in reach_list if not r.reached],
            "chart": circles.chart_data(county, reach_list),
            "factor": circles.ROAD_FACTOR,
            "speeds": circles.SPEED_KMH,
        },
    )
