"""评价器 (R-50: an evaluation device at every window; 现场 一次一评; issue 13).

- The site's head binds the window's tablet once, on the tablet itself (`bind`): the tablet gets
  a long-lived device token in its own cookie and the head's session there is ended, so the
  tablet never runs under a staff account.
- The clerk holding the window's A or B post opens an encounter on the desk page (`desk`,
  `start`) — only at their own window, since the rating is credited to whoever opens it.
- The bound tablet (`tablet`, no login) shows the open encounter of its own window, reloading
  while it waits, and submits the rating with its device token plus the encounter's one-time,
  minutes-long token. A submit from a staff session of the site is refused."""

from __future__ import annotations

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yichuang.cases.models import Case
from yichuang.common.errors import DomainError

from .. import config, device, permissions, selectors, services
from ..forms import TabletRatingForm, add_problems
from ..models.rating import Channel
from .common import staff_login

THANKS_SECONDS = 8
WAIT_REFRESH_SECONDS = 4
CLOSED_CODES = {"encounter_closed", "encounter_expired", "encounter_unknown"}


def _window(request, window_id: int, allowed, refusal: str):
    window = selectors.window_for_staff(request.user, window_id)
    if window is None:
        raise Http404("窗口不存在")
    if not allowed(request.user, window):
        raise PermissionDenied(refusal)
    return window


def _served_window(request, window_id: int):
    return _window(request, window_id, permissions.may_serve_window, "只有在本窗口任A岗或B岗的工作人员可以邀请评价。")


def _desk(request, window, status: int = 200, **extra):
    return render(
        request,
        "feedback/desk.html",
        {
            "window": window,
            "encounter": selectors.open_encounter(window),
            "minutes": config.get("ENCOUNTER_MINUTES"),
            "tablet": selectors.active_tablet(window),
            "recent": selectors.recent_window_ratings(window),
            **extra,
        },
        status=status,
    )


@require_GET
@staff_login
@never_cache
def desk(request, window_id: int):
    return _desk(request, _served_window(request, window_id), started=request.GET.get("started") == "1")


@require_POST
@staff_login
def start(request, window_id: int):
    window = _served_window(request, window_id)
    number = request.POST.get("case", "").strip()
    case = None
    if number:
        case = Case.objects.filter(number=number).first()
        if case is None or window.site_id not in (case.site_id, case.home_site_id):
            return _desk(
                request,
                window,
                status=400,
                case_number=number,
                error=f"本站点没有编号为“{number}”的办件,请核对后重试,或不填办件编号直接邀请评价。",
            )
    services.start_encounter(window, request.user, case=case)
    return redirect(reverse("feedback:desk", args=[window.pk]) + "?started=1")


@require_http_methods(["GET", "POST"])
@staff_login
@never_cache
def bind(request, window_id: int):
    """The head, on the tablet itself, binds it to the window; then leaves it logged out."""
    window = _window(request, window_id, permissions.may_bind_tablet, "只有本站点的中心负责人可以绑定窗口评价器。")
    if request.method == "GET":
        return render(
            request, "feedback/bind_tablet.html", {"window": window, "tablet": selectors.active_tablet(window)}
        )
    _, token = services.bind_tablet(window, request.user)
    logout(request)  # the tablet must not keep the head's staff session
    response = redirect(reverse("feedback:tablet") + "?bound=1")
    device.set_cookie(response, token)
    return response


@require_GET
@staff_login
@never_cache
def tablets(request):
    """The head's list of their windows' 评价器: which are bound, and the way to bind each."""
    if not permissions.headed_site_ids(request.user):
        raise PermissionDenied("只有中心负责人可以管理窗口评价器。")
    return render(request, "feedback/tablets.html", {"windows": selectors.windows_to_bind(request.user)})


def _screen(request, tablet, screen: str, status: int = 200, **extra):
    return render(
        request,
        "feedback/tablet.html",
        {"tablet": tablet, "window": tablet.window if tablet else None, "screen": screen, **extra},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@never_cache
def tablet(request):
    tablet = device.device_of(request)
    if tablet is None:
        # Not 403: this address is public; anyone may learn that this browser is no tablet.
        return _screen(request, None, "unbound", status=400 if request.method == "POST" else 200)
    if request.user.is_authenticated and permissions.is_staff_member_at(request.user, tablet.window.site_id):
        return _screen(request, tablet, "staff_session", status=403)
    if request.method == "POST":
        return _rate(request, tablet)
    if request.GET.get("thanks") == "1":
        return _screen(request, tablet, "thanks", refresh=THANKS_SECONDS)
    encounter = selectors.open_encounter(tablet.window)
    if encounter is None:
        return _screen(request, tablet, "waiting", refresh=WAIT_REFRESH_SECONDS, bound=request.GET.get("bound") == "1")
    form = TabletRatingForm(initial={"token": encounter.token}, channel=Channel.WINDOW)
    return _screen(request, tablet, "rate", form=form, encounter=encounter)


def _rate(request, tablet):
    form = TabletRatingForm(request.POST, channel=Channel.WINDOW)
    status = 400
    if form.is_valid():
        try:
            services.rate_encounter(
                form.cleaned_data["token"],
                device=tablet,
                rater=request.user,
                level=form.cleaned_data["level"],
                indicators=form.cleaned_data["indicators"],
                reason=form.cleaned_data["reason"],
            )
            return redirect(reverse("feedback:tablet") + "?thanks=1")
        except DomainError as exc:
            if exc.code in CLOSED_CODES:
                return _screen(
                    request, tablet, "closed", status=exc.status, message=exc.message, refresh=THANKS_SECONDS
                )
            add_problems(form, exc)
            status = exc.status
    return _screen(request, tablet, "rate", status=status, form=form, error="评价未提交,请更正下面标出的内容。")
