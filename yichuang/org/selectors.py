"""Reads for org."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.utils import timezone

from yichuang.common import composed

from .models import Leave, Post, User, Window


def on_duty(window: Window, at: dt.datetime | None = None) -> User | None:
    """Who staffs this window now: A unless A is on leave, else B unless B is too; None if the
    window is unstaffed (which supervision should flag — the AB岗 rule says it never is)."""
    at = at or timezone.now()
    away = Leave.objects.filter(staff=OuterRef("staff"), starts_at__lte=at, ends_at__gt=at)
    posts = Post.objects.filter(window=window).annotate(away=Exists(away)).select_related("staff").order_by("position")
    for post in posts:
        if not post.away:
            return post.staff
    return None


def windows_covered_by(staff: User, at: dt.datetime | None = None) -> list[Window]:
    """Windows whose queue this person must serve now: their own A posts, plus windows where they
    are B and A is away (the workbench shows those queues to B)."""
    return [window for window, _ in coverage(staff, at)]


def coverage(staff: User, at: dt.datetime | None = None) -> list[tuple[Window, list[Post]]]:
    """`windows_covered_by` with each window's posts (by position, their staff loaded, `away`
    set): one statement for every window the person holds a post at, not one per window."""
    at = at or timezone.now()
    # composed once per process (common.composed, decision 0130): the ORM took longer to write
    # this statement than the database takes to run it
    posts = composed.instances(("org.coverage",), _coverage_query, Post, staff=staff.pk, at=at)
    by_window: dict[int, tuple[Window, list[Post]]] = {}
    for post in posts:
        by_window.setdefault(post.window_id, (post.window, []))[1].append(post)
    # on_duty's rule: the first post by position whose staff is not away
    return [
        (window, listed)
        for window, listed in by_window.values()
        if next((p.staff for p in listed if not p.away), None) == staff
    ]


def _coverage_query(staff: int, at: dt.datetime):
    away = Leave.objects.filter(staff=OuterRef("staff"), starts_at__lte=at, ends_at__gt=at)
    return (
        Post.objects.filter(window__in=Window.objects.filter(posts__staff_id=staff))
        .annotate(away=Exists(away))
        .select_related("window__site", "staff")
        .order_by("window__site__code", "window__number", "position")
    )
