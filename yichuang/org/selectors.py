"""Reads for org."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.utils import timezone

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
    at = at or timezone.now()
    windows = Window.objects.filter(posts__staff=staff).distinct().select_related("site")
    return [w for w in windows if on_duty(w, at) == staff]
