"""Reads of the hall floor: the call screen, the clerk's panel, the head's overview and the
waiting / service times per ticket."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Count, Q
from django.utils import timezone

from yichuang.common import composed
from yichuang.org.models import Post, Site, StaffRole, Window

from . import categories, staffing
from .models import Kiosk, Ticket

ANNOUNCE_SECONDS = 90  # a call stays on the screen's "now calling" list this long


def kiosk_for(token: str) -> Kiosk | None:
    if not token:
        return None
    return (
        Kiosk.objects.select_related("site")
        .filter(token_hash=Kiosk.digest(token), revoked_at__isnull=True, site__is_active=True)
        .first()
    )


def site_by_code(code: str) -> Site | None:
    return Site.objects.filter(code=str(code)[:12], is_active=True).first() if str(code).isprintable() else None


def announcement(ticket: Ticket) -> str:
    return f"请{ticket.code}号到{ticket.window.number}号窗口"


@dataclass
class ScreenWindow:
    window: Window
    is_open: bool
    ticket: Ticket | None = None


@dataclass
class Screen:
    site: Site
    windows: list[ScreenWindow]
    calls: list[Ticket]  # most recent first
    waiting: list[tuple[categories.Category, int]] = field(default_factory=list)


def screen(site: Site, now=None) -> Screen:
    """What the hall's television shows: every window (open or 暂停服务) with its current
    number, the latest calls with their announcement, and how many wait per category."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    opened = staffing.open_windows(site, now)
    active = {
        t.window_id: t
        for t in Ticket.objects.filter(
            site=site, day=today, state__in=(Ticket.State.CALLED, Ticket.State.SERVING)
        ).select_related("window")
    }
    windows = [
        ScreenWindow(w, opened.get(w.pk, False), active.get(w.pk))
        for w in Window.objects.filter(site=site, is_active=True).order_by("number")
    ]
    calls = list(
        Ticket.objects.filter(
            site=site,
            day=today,
            state=Ticket.State.CALLED,
            last_called_at__gte=now - dt.timedelta(seconds=ANNOUNCE_SECONDS),
        )
        .select_related("window")
        .order_by("-last_called_at")[:4]
    )
    waiting = dict.fromkeys((c.code for c in categories.CATEGORIES), 0)
    for queue in Ticket.objects.filter(site=site, day=today, state=Ticket.State.WAITING).values_list(
        "queue", flat=True
    ):
        waiting[queue] = waiting.get(queue, 0) + 1
    return Screen(site, windows, calls, [(c, waiting[c.code]) for c in categories.CATEGORIES])


@dataclass
class Desk:
    """One window of the clerk's panel on the workbench home page."""

    window: Window
    posts: list[tuple[Post, str]]  # (post, state) for every post of the window
    own_post: Post
    is_open: bool
    ticket: Ticket | None
    waiting: int
    served_today: int
    own_state: str = ""  # the user's own post's (staffing.IN, AWAY, …)


def desks(user, now=None) -> list[Desk]:
    """The panel's windows: every active window the user holds a post at, where they are a
    clerk or helper of the site. A fixed number of statements however many windows: the posts
    (every post of those windows at once), their attendance, the current tickets, the counts."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    everyone = composed.instances(("floor.desks",), _posts_query, Post, user=user.pk)
    own = [p for p in everyone if p.staff_id == user.pk]
    if not own:
        return []
    states = staffing.post_states(everyone, now)
    windows = {p.window_id: p.window for p in own}
    sites = {w.site_id for w in windows.values()}
    current: dict[int, Ticket] = {}
    key = ("floor.current", tuple(sorted(sites)), tuple(sorted(windows)))
    for ticket in composed.instances(key, lambda day: _current_query(sites, windows, day), Ticket, day=today):
        current.setdefault(ticket.window_id, ticket)
    waiting: dict[tuple[int, str], int] = {}
    served: dict[int, int] = {}
    for site_id, window_id, state, queue, n in (
        Ticket.objects.filter(site_id__in=sites, day=today)
        .filter(Q(state=Ticket.State.WAITING) | Q(state=Ticket.State.DONE, window_id__in=windows))
        .values_list("site_id", "window_id", "state", "queue")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if state == Ticket.State.WAITING:
            waiting[site_id, queue] = waiting.get((site_id, queue), 0) + n
        else:
            served[window_id] = served.get(window_id, 0) + n
    out = []
    for post in own:
        window = post.window
        posts = [p for p in everyone if p.window_id == window.pk]
        out.append(
            Desk(
                window=window,
                posts=[(p, staffing.LABELS[states[p.pk]]) for p in posts],
                own_post=post,
                is_open=any(states[p.pk] == staffing.IN for p in posts),
                ticket=current.get(window.pk),
                waiting=sum(waiting.get((window.site_id, q), 0) for q in categories.served_by(window.type)),
                served_today=served.get(window.pk, 0),
                own_state=states[post.pk],
            )
        )
    return out


def _posts_query(user: int):
    """Every post of the active windows the user holds a post at, where they are a clerk or
    helper of the site (the panel's windows), by site, window and position."""
    return (
        Post.objects.filter(window__posts__staff_id=user, window__is_active=True)
        .filter(window__site__staff_roles__user_id=user, window__site__staff_roles__role__in=("clerk", "helper"))
        .distinct()
        .select_related("window__site", "staff")
        .order_by("window__site__name", "window__number", "position", "pk")
    )


def _current_query(sites, windows, day):
    """The tickets being called or served at these windows today, newest first."""
    return (
        Ticket.objects.filter(
            site_id__in=sites, day=day, window_id__in=windows, state__in=(Ticket.State.CALLED, Ticket.State.SERVING)
        )
        .select_related("window")
        .order_by("-issued_at", "-pk")
    )


def own_state(post: Post, now=None) -> str:
    return staffing.post_states([post], now)[post.pk]


def headed_sites(user):
    return Site.objects.filter(staff_roles__user=user, staff_roles__role=StaffRole.Role.HEAD).distinct()


def overseen_site(user, code: str) -> Site | None:
    """The site, if the user is its head (or a supervisor of it or of its parent)."""
    site = site_by_code(code)
    if site is None:
        return None
    roles = StaffRole.objects.filter(user=user).filter(
        Q(site=site, role__in=(StaffRole.Role.HEAD, StaffRole.Role.SUPERVISOR))
        | Q(site_id=site.parent_id, role=StaffRole.Role.SUPERVISOR)
    )
    return site if roles.exists() else None


@dataclass
class TimeFigures:
    tickets: int
    served: int
    skipped: int
    waiting_now: int
    mean_wait_min: float | None
    max_wait_min: float | None
    mean_service_min: float | None


def time_figures(site_ids, since: dt.date, until: dt.date) -> TimeFigures:
    """Waiting and service times of the tickets of `site_ids` issued in [since, until]."""
    rows = list(
        Ticket.objects.filter(site_id__in=site_ids, day__gte=since, day__lte=until).values_list(
            "state", "issued_at", "called_at", "started_at", "finished_at"
        )
    )
    waits = [(c - i).total_seconds() / 60 for _, i, c, _, _ in rows if c]
    services = [(f - s).total_seconds() / 60 for st, _, _, s, f in rows if st == Ticket.State.DONE and s and f]
    return TimeFigures(
        tickets=len(rows),
        served=sum(1 for r in rows if r[0] == Ticket.State.DONE),
        skipped=sum(1 for r in rows if r[0] == Ticket.State.SKIPPED),
        waiting_now=sum(1 for r in rows if r[0] == Ticket.State.WAITING),
        mean_wait_min=round(mean(waits), 1) if waits else None,
        max_wait_min=round(max(waits), 1) if waits else None,
        mean_service_min=round(mean(services), 1) if services else None,
    )
