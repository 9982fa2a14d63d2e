"""评价器 (R-50: an evaluation device at every window; 现场 一次一评).

The clerk's desk page opens an encounter ("请对本次服务评价"); the window's tablet, logged in
with the window's clerk account, shows the rating form for that encounter only, and a waiting
screen otherwise. The form carries the encounter's one-time token; the service accepts it once
and only within minutes, so the tablet cannot be used to pour in ratings."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yichuang.cases.models import Case
from yichuang.common.errors import DomainError

from .. import config, permissions, selectors, services
from ..forms import TabletRatingForm, add_problems
from ..models.rating import Channel
from .common import staff_login

THANKS_SECONDS = 8
WAIT_REFRESH_SECONDS = 4


def _window(request, window_id: int):
    window = selectors.window_for_staff(request.user, window_id)
    if window is None:
        raise Http404("窗口不存在")
    if not permissions.may_serve_window(request.user, window):
        raise PermissionDenied("只有本站点的窗口工作人员可以使用评价器。")
    return window


def _desk(request, window, status: int = 200, **extra):
    return render(request, "feedback/desk.html", {
        "window": window, "encounter": selectors.open_encounter(window), "minutes": config.get("ENCOUNTER_MINUTES"),
        "recent": selectors.recent_window_ratings(window), **extra}, status=status)


@require_GET
@staff_login
@never_cache
def desk(request, window_id: int):
    return _desk(request, _window(request, window_id), started=request.GET.get("started") == "1")


@require_POST
@staff_login
def start(request, window_id: int):
    window = _window(request, window_id)
    number = request.POST.get("case", "").strip()
    case = None
    if number:
        case = Case.objects.filter(number=number).first()
        if case is None or window.site_id not in (case.site_id, case.home_site_id):
            return _desk(request, window, status=400, case_number=number,
                         error=f"本站点没有编号为“{number}”的办件,请核对后重试,或不填办件编号直接邀请评价。")
    services.start_encounter(window, request.user, case=case)
    return redirect(reverse("feedback:desk", args=[window.pk]) + "?started=1")


@require_http_methods(["GET", "POST"])
@staff_login
@never_cache
def tablet(request, window_id: int):
    window = _window(request, window_id)
    if request.method == "POST":
        return _rate(request, window)
    if request.GET.get("thanks") == "1":
        return render(request, "feedback/tablet.html", {"window": window, "screen": "thanks",
                                                        "refresh": THANKS_SECONDS})
    encounter = selectors.open_encounter(window)
    if encounter is None:
        return render(request, "feedback/tablet.html", {"window": window, "screen": "waiting",
                                                        "refresh": WAIT_REFRESH_SECONDS})
    form = TabletRatingForm(initial={"token": encounter.token}, channel=Channel.WINDOW)
    return render(request, "feedback/tablet.html", {"window": window, "screen": "rate", "form": form,
                                                    "encounter": encounter})


def _rate(request, window):
    form = TabletRatingForm(request.POST, channel=Channel.WINDOW)
    status = 400
    if form.is_valid():
        try:
            services.rate_encounter(form.cleaned_data["token"], level=form.cleaned_data["level"],
                                    indicators=form.cleaned_data["indicators"], reason=form.cleaned_data["reason"],
                                    window=window)
            return redirect(reverse("feedback:tablet", args=[window.pk]) + "?thanks=1")
        except DomainError as exc:
            if exc.code in {"encounter_closed", "encounter_expired", "encounter_unknown"}:
                return render(request, "feedback/tablet.html", {"window": window, "screen": "closed",
                                                                "message": exc.message,
                                                                "refresh": THANKS_SECONDS}, status=exc.status)
            add_problems(form, exc)
            status = exc.status
    return render(request, "feedback/tablet.html", {"window": window, "screen": "rate", "form": form,
                                                    "error": "评价未提交,请更正下面标出的内容。"}, status=status)
