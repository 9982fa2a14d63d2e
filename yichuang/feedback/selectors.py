"""Reads of the feedback loop: what a head or supervisor sees, what a tablet shows."""

from __future__ import annotations

from django.db.models import Case as When_
from django.db.models import IntegerField, QuerySet, Value, When
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.org.models import Site, Window

from . import permissions
from .models import Encounter, Rating, Rectification, TabletDevice
from .workflow import State


def tickets_for(user, *, state: str | None = None) -> QuerySet[Rectification]:
    """The tickets of the user's sites: overdue open ones first, then open ones by due date,
    then closed ones (latest first is less useful here than due date: supervision reads late ones)."""
    today = timezone.localdate()
    qs = Rectification.objects.filter(site_id__in=permissions.ticket_site_ids(user))
    if state in State.values:
        qs = qs.filter(state=state)
    urgency = When_(
        When(closed_on__isnull=True, due_on__lt=today, then=Value(0)),
        When(closed_on__isnull=True, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(urgency=urgency).select_related("site", "rating", "report").order_by("urgency", "due_on", "pk")


def ticket_for(user, pk: int) -> Rectification | None:
    """The ticket if the user handles its site; None (a 404) otherwise, so ids reveal nothing."""
    return (
        Rectification.objects.filter(pk=pk, site_id__in=permissions.ticket_site_ids(user))
        .select_related(
            "site", "rating__case__applicant", "rating__window", "rating__staff", "rating__rater_applicant", "report"
        )
        .first()
    )


def ticket_steps(ticket: Rectification):
    return ticket.steps.select_related("actor").order_by("at", "pk")


def rateable_case(user, number: str) -> Case | None:
    """The case if this user may rate it (applicant or agent), else None."""
    case = (
        Case.objects.filter(number=number).select_related("site", "item_version", "applicant", "authorisation").first()
    )
    if case is None or not permissions.may_rate(user, case):
        return None
    return case


def rating_of(case: Case) -> Rating | None:
    return Rating.objects.filter(case=case, encounter__isnull=True).first()


def window_for_staff(user, window_id: int) -> Window | None:
    """The window if the user has any role at its site (else None: a 404 for other sites)."""
    window = Window.objects.filter(pk=window_id, is_active=True).select_related("site").first()
    if window is None or not permissions.is_staff_member_at(user, window.site_id):
        return None
    return window


def open_encounter(window: Window) -> Encounter | None:
    return (
        Encounter.objects.filter(window=window, closed_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("staff", "case")
        .order_by("-created_at")
        .first()
    )


def recent_window_ratings(window: Window, limit: int = 5) -> list[Rating]:
    return list(Rating.objects.filter(window=window).order_by("-created_at")[:limit])


def public_sites() -> QuerySet[Site]:
    return Site.objects.filter(is_active=True).order_by("level", "code")


def tablet_device(token: str | None) -> TabletDevice | None:
    """The active tablet presenting this device token (None: unknown, revoked or no token)."""
    if not token:
        return None
    return (
        TabletDevice.objects.filter(
            token_hash=TabletDevice.digest(token), revoked_at__isnull=True, window__is_active=True
        )
        .select_related("window__site")
        .first()
    )


def active_tablet(window: Window) -> TabletDevice | None:
    return TabletDevice.objects.filter(window=window, revoked_at__isnull=True).select_related("bound_by").first()


def windows_to_bind(user) -> list[tuple[Window, TabletDevice | None]]:
    """The windows of the sites the user heads, each with its bound 评价器 (or None)."""
    sites = permissions.headed_site_ids(user)
    windows = list(
        Window.objects.filter(site_id__in=sites, is_active=True).select_related("site").order_by("site__name", "number")
    )
    tablets = {
        t.window_id: t
        for t in TabletDevice.objects.filter(window__in=windows, revoked_at__isnull=True).select_related("bound_by")
    }
    return [(w, tablets.get(w.pk)) for w in windows]
