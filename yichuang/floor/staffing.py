"""Who is at which window (R-04 AB岗, R-55 考勤): attendance marks per post, leave, the posts
themselves — and from them whether a window is open. A and B both away closes the window on
the call screen and raises an immediate 电子监察 alert; posts change only through
`assign_post`, which the ledger audits."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yichuang.common.errors import Conflict, DomainError, NotAllowed, Problem
from yichuang.feedback import permissions as feedback_permissions
from yichuang.ledger import services as ledger
from yichuang.org.models import Leave, Post, User, Window
from yichuang.supervision.alerts import raise_alert
from yichuang.supervision.models import Alert

from .models import AttendanceMark

Kind = AttendanceMark.Kind
IN, AWAY, OFF, LEAVE = "in", "away", "off", "leave"
LABELS = {IN: "在岗", AWAY: "外出", OFF: "未在岗", LEAVE: "请假"}
# What a mark needs the post to be in beforehand.
ALLOWED_FROM = {Kind.SIGN_IN: {OFF}, Kind.SIGN_OUT: {IN, AWAY}, Kind.AWAY: {IN}, Kind.BACK: {AWAY}}


def post_states(posts, now=None) -> dict[int, str]:
    """Each post's state now: 请假 (an org.Leave covers now) over its last mark of the day."""
    now = now or timezone.now()
    posts = list(posts)
    ids = [p.pk for p in posts]
    last: dict[int, str] = {}
    for post_id, kind in (
        AttendanceMark.objects.filter(post_id__in=ids, day=timezone.localdate(now), at__lte=now)
        .order_by("post_id", "at", "pk")
        .values_list("post_id", "kind")
    ):
        last[post_id] = kind
    on_leave = set(
        Leave.objects.filter(staff_id__in={p.staff_id for p in posts}, starts_at__lte=now, ends_at__gt=now).values_list(
            "staff_id", flat=True
        )
    )
    states = {}
    for p in posts:
        kind = last.get(p.pk)
        states[p.pk] = (
            LEAVE
            if p.staff_id in on_leave
            else IN
            if kind in (Kind.SIGN_IN, Kind.BACK)
            else AWAY
            if kind == Kind.AWAY
            else OFF
        )
    return states


def open_windows(site, now=None) -> dict[int, bool]:
    """Every active window of the site → whether one of its posts is in place."""
    posts = list(Post.objects.filter(window__site=site, window__is_active=True))
    states = post_states(posts, now)
    result = {pk: False for pk in Window.objects.filter(site=site, is_active=True).values_list("pk", flat=True)}
    for p in posts:
        result[p.window_id] = result.get(p.window_id, False) or states[p.pk] == IN
    return result


def is_open(window, now=None) -> bool:
    states = post_states(Post.objects.filter(window=window), now)
    return window.is_active and IN in states.values()


def open_window_types(site, now=None) -> set[str]:
    opened = {pk for pk, is_open_ in open_windows(site, now).items() if is_open_}
    return set(Window.objects.filter(pk__in=opened).values_list("type", flat=True))


def _alert_if_empty(window: Window, was_open: bool, now) -> Alert | None:
    if not was_open or is_open(window, now):
        return None
    return raise_alert(
        Alert.Rule.WINDOW_UNSTAFFED,
        window.site,
        f"window:{window.pk}:{timezone.localdate(now):%Y%m%d}",
        f"{window}A岗、B岗均不在岗,窗口已暂停服务({timezone.localtime(now):%H:%M})。",
        now=now,
    )


@transaction.atomic
def mark(post: Post, staff: User, kind: str, note: str = "", now=None) -> AttendanceMark:
    """签到 / 签退 / 外出 / 返岗 by the post's own holder."""
    now = now or timezone.now()
    post = Post.objects.select_for_update().select_related("window__site").get(pk=post.pk)
    if post.staff_id != staff.pk:
        raise NotAllowed(Problem("not_own_post", "只能为本人的岗位签到、签退或登记外出。", "post"))
    if kind not in ALLOWED_FROM:
        raise DomainError(Problem("unknown_mark", "请选择签到、签退、外出或返岗。", "kind"))
    state = post_states([post], now)[post.pk]
    if state not in ALLOWED_FROM[kind]:
        raise Conflict(Problem("mark_state", f"您在该岗位当前为“{LABELS[state]}”,不能{Kind(kind).label}。", "kind"))
    if kind == Kind.AWAY and not note.strip():
        raise DomainError(Problem("away_needs_reason", "外出须填写事由。", "note"))
    was_open = is_open(post.window, now)
    entry = AttendanceMark.objects.create(
        post=post, staff=staff, kind=kind, at=now, day=timezone.localdate(now), note=note.strip()[:100]
    )
    _alert_if_empty(post.window, was_open, now)
    return entry


@transaction.atomic
def record_leave(staff: User, starts_at, ends_at, reason: str, by: User, now=None) -> Leave:
    """请假 entered by the head of a site where the person holds a post; audited."""
    now = now or timezone.now()
    posts = list(Post.objects.filter(staff=staff).select_related("window__site"))
    if not posts or not {p.window.site_id for p in posts} & feedback_permissions.headed_site_ids(by):
        raise NotAllowed(Problem("role_not_allowed", "只有该人员所在站点的中心负责人可以登记请假。", "staff"))
    if not reason.strip():
        raise DomainError(Problem("leave_needs_reason", "请填写请假事由。", "reason"))
    if ends_at <= starts_at:
        raise DomainError(Problem("leave_ends_before_start", "结束时间必须晚于开始时间。", "ends_at"))
    was_open = {p.window_id: is_open(p.window, now) for p in posts}
    leave = Leave.objects.create(staff=staff, starts_at=starts_at, ends_at=ends_at, reason=reason.strip()[:128])
    ledger.record(
        f"org.staff.{staff.pk}",
        "floor.leave.recorded",
        actor=by.username,
        object_type="org.Leave",
        object_id=leave.pk,
        data={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
    )
    for p in posts:
        _alert_if_empty(p.window, was_open[p.window_id], now)
    return leave


@transaction.atomic
def assign_post(window: Window, position: str, staff: User, by: User) -> Post:
    """The head puts `staff` on the window's A or B post (R-55: window staff are not changed at
    will — every change is in the ledger, with who made it and who held the post before)."""
    if window.site_id not in feedback_permissions.headed_site_ids(by):
        raise NotAllowed(Problem("role_not_allowed", "只有本站点的中心负责人可以调整窗口岗位。", "window"))
    if position not in Post.Position.values:
        raise DomainError(Problem("unknown_position", "请选择A岗或B岗。", "position"))
    if not staff.staff_roles.filter(site_id=window.site_id).exists():
        raise DomainError(Problem("staff_other_site", "该人员不是本站点的工作人员。", "staff"))
    if Post.objects.filter(window=window, staff=staff).exclude(position=position).exists():
        raise Conflict(Problem("post_staff_once_per_window", "同一人不能同时担任本窗口的A岗和B岗。", "staff"))
    post = Post.objects.select_for_update().filter(window=window, position=position).first()
    before = post.staff.username if post else ""
    if post is None:
        post = Post.objects.create(window=window, position=position, staff=staff)
    else:
        post.staff = staff
        post.save(update_fields=["staff"])
    ledger.record(
        f"org.window.{window.pk}",
        "floor.post.assigned",
        actor=by.username,
        object_type="org.Post",
        object_id=post.pk,
        data={"window": window.pk, "position": position, "before": before, "after": staff.username},
    )
    return post
