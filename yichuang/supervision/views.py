"""Supervision pages (thin): alerts for centre heads and supervisors, the supervising
department's inbox (审管联动), scorecards with charts and Excel, and the public scorecard.

Authorisation: alerts and scorecards need a head or supervisor role (their sites only, R-52);
the inbox needs a department role; the public scorecard needs nothing but is rate-limited and
shows no person (no staff, no window, no applicant)."""

from __future__ import annotations

import datetime as dt
import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_GET, require_POST

from yichuang.catalog.views import rate_limited
from yichuang.common.errors import DomainError
from yichuang.common.ratelimit import ip_retry_after
from yichuang.org.models import Site

from . import alerts, conf, excel, linkage, scorecards, selectors
from .access import department_ids, watched_site_ids
from .models import Alert, Notice, SupervisionResult

LOGIN_URL = reverse_lazy("workbench:login")


def watchers_only(view):
    """Logged in, and head or supervisor somewhere; the sites come from watched_site_ids."""

    @login_required(login_url=LOGIN_URL)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not watched_site_ids(request.user):
            raise PermissionDenied("只有中心负责人和监察人员可以使用电子监察。")
        return view(request, *args, **kwargs)

    return wrapped


def department_only(view):
    @login_required(login_url=LOGIN_URL)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not department_ids(request.user):
            raise PermissionDenied("只有监管部门人员可以查看告知收件箱。")
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@watchers_only
def alert_list(request):
    status = request.GET.get("status", Alert.Status.OPEN)
    status = status if status in Alert.Status.values or status == "all" else Alert.Status.OPEN
    rule = request.GET.get("rule", "")
    rule = rule if rule in Alert.Rule.values else ""
    rows = selectors.visible_alerts(request.user, status="" if status == "all" else status, rule=rule)[:200]
    return render(
        request,
        "supervision/alerts.html",
        {
            "alerts": rows,
            "counts": selectors.alert_counts(request.user),
            "status": status,
            "rule": rule,
            "statuses": Alert.Status.choices,
            "rules": Alert.Rule.choices,
        },
    )


def _act_on_alert(request, pk: int, act):
    alert = get_object_or_404(Alert, pk=pk, site_id__in=watched_site_ids(request.user))
    try:
        act(alert, request.user, request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已处理。")
    return redirect(reverse("supervision:alerts") + f"#alert-{alert.pk}")


@require_POST
@watchers_only
def alert_acknowledge(request, pk: int):
    return _act_on_alert(request, pk, alerts.acknowledge)


@require_POST
@watchers_only
def alert_close(request, pk: int):
    return _act_on_alert(request, pk, alerts.close)


@require_GET
@department_only
def inbox(request):
    return render(request, "supervision/inbox.html", {"notices": selectors.inbox(request.user)[:200]})


def _own_notice(request, event_id) -> Notice:
    notice = selectors.inbox(request.user).filter(event_id=event_id).first()
    if notice is None:
        raise Http404("没有这条告知。")
    return notice


@department_only
def notice_detail(request, event_id):
    notice = _own_notice(request, event_id)
    linkage.mark_read(notice, request.user)
    errors = {}
    if request.method == "POST":
        try:
            inspected_on = dt.date.fromisoformat(request.POST.get("inspected_on", ""))
        except ValueError:
            inspected_on = None
        try:
            linkage.record_result(
                notice,
                feedback_id=request.POST.get("feedback_id", ""),
                outcome=request.POST.get("outcome", ""),
                opinion=request.POST.get("opinion", ""),
                inspected_on=inspected_on,
                user=request.user,
            )
        except DomainError as exc:
            errors = {p.field or "form": p.message for p in exc.problems}
        else:
            messages.success(request, "监管结果已反馈,办件页面可见。")
            return redirect("supervision:notice", event_id=notice.event_id)
    elif request.method != "GET":
        return HttpResponse(status=405)
    return render(
        request,
        "supervision/notice.html",
        {
            "notice": notice,
            "results": notice.results.all(),
            "outcomes": SupervisionResult.Outcome.choices,
            "errors": errors,
            "form": request.POST,
            "new_feedback_id": f"WEB-{uuid.uuid4().hex[:12]}",
        },
        status=400 if errors else 200,
    )


def _card_context(request, card, *, public: bool):
    data = scorecards.as_json(card)
    sites = (
        Site.objects.filter(pk__in=card.query.site_ids).order_by("level", "code")
        if not public
        else Site.objects.order_by("level", "code")
    )
    dims = scorecards.PUBLIC_DIMENSIONS if public else list(scorecards.DIMENSIONS)
    return {
        "card": card,
        "chart_data": data,
        "targets": data["targets"],
        "public": public,
        "dimensions": [(d, scorecards.DIMENSIONS[d]) for d in dims],
        "sites": sites,
        "rates": scorecards.RATES,
        "averages": scorecards.AVERAGES,
        "query": card.query,
        "site_code": request.GET.get("site", ""),
        "dimension_label": scorecards.DIMENSIONS[card.query.by],
    }


def _card(request, site_ids: set[int], *, public: bool = False):
    """The scorecard the query asks for, or — for a bad query — the default one with the
    problem in Chinese and status 400 (one parser for every page: scorecards.parse_query)."""
    try:
        return scorecards.scorecard(scorecards.parse_query(request.GET, site_ids, public=public)), "", 200
    except DomainError as exc:
        default = scorecards.parse_query({}, site_ids, public=public)
        return scorecards.scorecard(default), exc.message, 400


def _card_page(request, template: str, card, error: str, status: int, *, public: bool):
    context = {**_card_context(request, card, public=public), "query_error": error}
    return render(request, template, context, status=status)


@require_GET
@watchers_only
def scorecard(request):
    card, error, status = _card(request, watched_site_ids(request.user))
    return _card_page(request, "supervision/scorecard.html", card, error, status, public=False)


@require_GET
@watchers_only
def scorecard_excel(request):
    card, error, status = _card(request, watched_site_ids(request.user))
    if error:  # no workbook of figures nobody asked for: the page with the message instead
        return _card_page(request, "supervision/scorecard.html", card, error, status, public=False)
    response = HttpResponse(
        excel.workbook_bytes(card), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="scorecard-{card.query.start}-{card.query.end}.xlsx"'
    return response


def _public_retry_after(request) -> int:
    return ip_retry_after(request, "public-scorecard", conf.get("PUBLIC_SCORECARD_RATE"))


@require_GET
def public_scorecard(request):
    """亮晒成绩单 for everyone: sites, items and months only; no staff, window or applicant."""
    wait = _public_retry_after(request)
    if wait:
        return rate_limited(request, wait)
    all_sites = set(Site.objects.values_list("pk", flat=True))
    card, error, status = _card(request, all_sites, public=True)
    response = _card_page(request, "supervision/public_scorecard.html", card, error, status, public=True)
    if not error:  # a refusal is not worth keeping in a shared cache
        response["Cache-Control"] = "public, max-age=300"
    return response
