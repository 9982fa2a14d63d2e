"""Workbench pages: thin views over cases.selectors (reads) and cases.services (writes).

Every view needs a logged-in staff member; a case outside the user's sites answers 404
(cases.selectors.visible_cases decides). Forms post and redirect (POST-redirect-GET), so the
pages work without JavaScript.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Q, Window, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_GET, require_POST

from yichuang.cases import labels, selectors, steps
from yichuang.cases.models import Case
from yichuang.cases.where import open_cases
from yichuang.cases.workflow import CLOCK_STOPPED, Action, State, Where
from yichuang.common import composed
from yichuang.common.errors import DomainError
from yichuang.ledger.models import AuditRecord
from yichuang.notify.selectors import sent_for_case
from yichuang.org.models import Post, StaffRole, User
from yichuang.org.selectors import coverage
from yichuang.seals.selectors import notice_links
from yichuang.supervision.selectors import results_for_case

from . import queue_rows
from .forms import StepForm

LOGIN_URL = reverse_lazy("workbench:login")
QUEUE_ROWS = 50  # rows shown per queue; the count says how many wait in all
# A queue's count stops here ("1000 件以上"): counting is then bounded work whatever the queue
# holds — nobody works differently at 1,000 or 5,000 waiting, and the head's supervision pages
# give exact figures.
COUNT_CAP = 1000

CLOCK_LEVELS = {"normal": "正常", "yellow": "黄牌预警", "red": "红牌预警", "none": "未计时"}


def staff_required(view):
    """Logged in (else to the workbench login) and holding at least one staff role (else 403)."""

    @login_required(login_url=LOGIN_URL)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = selectors.staff_user(request.user)
        if not user.staff_roles.all():
            raise PermissionDenied("只有窗口工作人员可以使用工作台。")
        return view(request, *args, **kwargs)

    return wrapped


def clock_badge(reading) -> dict:
    return {
        "level": reading.level,
        "text": CLOCK_LEVELS.get(reading.level, reading.level),
        "remaining": reading.remaining_days,
        "overdue": reading.overdue,
        "stopped": reading.stopped,
    }


# The columns a queue's row shows (home.html), and no others: a case row with its whole item
# version and applicant is ~110 columns and two JSON documents to read and convert per row.
ROW_FIELDS = queue_rows.COLUMNS
# The head's overview adds the clock (selectors.read_clocks) and the owner.
CLOCK_FIELDS = ("site_id", "due_date", "decided_at", "home_site", "owner__username", "owner__full_name")


def _rows(qs):
    # Only what a row shows: each table joined costs the planner time on every queue of every
    # home page (the queue's own condition reads other tables through subqueries).
    return qs.select_related("item_version", "applicant").only(*ROW_FIELDS).order_by("received_at", "pk")


def _queue(title: str, key: tuple, build, *, clock: bool = False) -> dict:
    """One queue: its first QUEUE_ROWS rows (oldest or most urgent first) and how many there are.
    A desk works from the top of its queue; rendering thousands of rows helps nobody. Its
    statement is composed once per `key` (common.composed, decision 0130): build() is the
    queryset, which depends only on what the key names."""
    # The count rides on the rows' own statement (COUNT(*) OVER ()): ordering the queue already
    # reads every case that waits in it, so a second statement only added its planning, its
    # compiling and a round trip. The page still says "1000 件以上" beyond COUNT_CAP.
    rows = composed.instances(key, lambda: build().annotate(queue_total=Window(Count("pk")))[:QUEUE_ROWS], Case)
    if clock:  # only the head's overview shows the clock
        # read_clocks reads the suspensions of stopped clocks only
        prefetch_related_objects([c for c in rows if c.state in CLOCK_STOPPED], "suspensions")
        for case, reading in zip(rows, selectors.read_clocks(rows)):
            case.badge = clock_badge(reading)
    return _shown(title, rows, rows[0].queue_total if rows else 0, clock=clock)


def _compiled_queue(title: str, key: tuple, build) -> dict:
    """A queue whose statement is composed once per `key` (queue_rows): the desks' queues."""
    rows, total = queue_rows.read(key, lambda: _rows(build()), QUEUE_ROWS)
    return _shown(title, rows, total)


def _shown(title: str, rows: list, total: int, *, clock: bool = False) -> dict:
    prefix = reverse("workbench:case", args=["-"])[:-2]
    for case in rows:  # the link built once per queue, not `{% url %}` resolved on every row
        case.href = f"{prefix}{case.number}/"
    return {
        "title": title,
        "rows": rows,
        "total": min(total, COUNT_CAP),
        "more": total > COUNT_CAP,
        "show_clock": clock,
    }


# What each desk of the table is called on the home page; a desk a role has no case at is
# left out unless it is the role's own (the window, the review), so an empty page still says
# where work will appear.
DESK_TITLES = {
    Where.WINDOW: "{site} · 受理窗口:{states}",
    Where.REVIEW: "{site} · {department} 审批:{states}",
    Where.JOINT: "{site} · {department} 联办任务:待本部门答复",
    Where.ESCALATED_TO: "{site} · 上报件:待受理",
    Where.COUNTY_REVIEW: "{site} · {department} 上报件:待本部门审查、决定",
}
ALWAYS_SHOWN = {Where.WINDOW, Where.REVIEW}
HELPER_TITLE = "{site} · 帮办代办:{states}"


@require_GET
@staff_required
def home(request):
    """My to-do (我的待办): for each of the user's roles, the queues the table of steps gives
    it — every case in a state with a step the role takes next, at the site the role is held
    (selectors.role_queue). The head also sees the centre's whole open caseload, a helper the
    station's cases, a tracker the escalated cases they follow."""
    user = selectors.staff_user(request.user)
    return render(request, "workbench/home.html", {"queues": home_queues(user), "can_receive": can_receive(user)})


def home_queues(user) -> list[dict]:
    """The queues of the home page, each {"title", "rows", "total", "show_clock"}."""
    visible = selectors.visible_cases(user)
    viewer = selectors.visibility_key(user)
    queues = []
    for role in user.staff_roles.all().select_related("site", "department").order_by("site__name", "role"):
        queues += _desk_queues(user, role, viewer)
        if role.role == StaffRole.Role.HELPER:
            queues.append(
                _queue(
                    f"{role.site} · 帮办代办:本站点代办的在办件",
                    ("helper", role.site_id, viewer),
                    lambda role=role: _rows(
                        visible.filter(open_cases(), site_id=role.site_id, channel=Case.Channel.HELPER)
                    ),
                )
            )
        elif role.role == StaffRole.Role.HEAD:
            queues.append(
                _queue(
                    f"{role.site} · 中心全部在办件(最急的在前)",
                    ("head", role.site_id, viewer),
                    lambda role=role: (
                        _rows(visible.filter(Q(site_id=role.site_id) | Q(home_site_id=role.site_id), open_cases()))
                        .select_related("home_site", "owner")
                        .only(*ROW_FIELDS, *CLOCK_FIELDS)
                        # a case not yet on the clock (预审) has no due date: after every clocked case on
                        # SQLite too, whose ascending order puts NULL first (PostgreSQL's puts it last)
                        .order_by(F("due_date").asc(nulls_last=True), "received_at", "pk")
                    ),
                    clock=True,
                )
            )
    tracked = _compiled_queue(
        "我跟踪的上报件(等待县级中心办理)", ("tracked", user.pk, viewer), lambda: selectors.tracked_escalations(user)
    )
    if tracked["rows"]:
        queues.append(tracked)
    return queues + _covered_queues(user, visible, viewer)


def _desk_queues(user, role, viewer: tuple) -> list[dict]:
    """One StaffRole's to-do queues, one per desk (Where) of its rows in the table. A desk's
    statement is built from the table, the role (its kind, site, department) and the sites the
    user sees (`viewer`): that is its key."""
    out = []
    for where, states in steps.desks(role.role).items():
        title = HELPER_TITLE if role.role == StaffRole.Role.HELPER else DESK_TITLES.get(where)
        if title is None:
            continue
        queue = _compiled_queue(
            title.format(
                site=role.site, department=role.department or "", states="、".join(State(s).label for s in states)
            ),
            ("desk", role.role, role.site_id, role.department_id, where, viewer),
            lambda where=where: selectors.role_queue(user, role, where),
        )
        if queue["rows"] or where in ALWAYS_SHOWN:
            out.append(queue)
    return out


def can_receive(user) -> bool:
    return any(r.role in (StaffRole.Role.CLERK, StaffRole.Role.HELPER) for r in user.staff_roles.all())


def _covered_queues(user, visible, viewer: tuple) -> list[dict]:
    """AB岗: while A is away, A's window queue (the cases A owns there) shows for B (R-55)."""
    out = []
    for window, posts in coverage(user):
        resident = next((p for p in posts if p.position == Post.Position.A), None)
        if resident is None or resident.staff_id == user.pk:
            continue
        desk = list(
            StaffRole.objects.filter(user_id=resident.staff_id, site_id=window.site_id, role=StaffRole.Role.CLERK)
        )
        key = ("covered", window.site_id, resident.staff_id, tuple((r.role, r.site_id) for r in desk), viewer)
        out.append(
            _compiled_queue(
                f"{window.site} · {window}(A岗 {resident.staff} 离岗,由您顶岗)",
                key,
                lambda desk=desk, window=window, resident=resident: visible.filter(
                    steps.queue_condition(desk, Where.WINDOW), site_id=window.site_id, owner_id=resident.staff_id
                ),
            )
        )
    return out


def _timeline(case):
    """The case's audit records in words people read: the step's Chinese name and who did it —
    the staff member's name and role (张三 · 受理), the applicant online, or the system — never a
    username or `citizen:100` (issue 20 §6)."""
    records = list(
        AuditRecord.objects.filter(stream=case.audit_stream)
        .order_by("seq")
        .only("seq", "created_at", "actor", "action", "data")
    )
    who = _actor_names(case, {r.actor for r in records})
    return [
        {
            "action": labels.timeline_label(r.action, r.data),
            "actor": who.get(r.actor, r.actor),
            "at": r.created_at,
            "state": State(r.data["state"]).label if r.data.get("state") in State.values else "",
        }
        for r in records
    ]


def _actor_names(case, actors: set[str]) -> dict[str, str]:
    """{audit actor: words}; one query for the staff among them. A role held at the case's own
    sites is named first (the township clerk, the county approver of a 上报件)."""
    names = {"system": "系统自动处理", "": "系统自动处理"}
    citizens = {a for a in actors if a.startswith("citizen:")}
    for actor in citizens:
        names[actor] = "申请人(网上办事大厅)"
    usernames = actors - citizens - set(names)
    sites = {case.site_id, case.home_site_id}
    for user in User.objects.filter(username__in=usernames).prefetch_related("staff_roles"):
        roles = sorted(user.staff_roles.all(), key=lambda r: (r.site_id not in sites, r.pk))
        label = roles[0].get_role_display() if roles else ""
        names[user.username] = f"{user.full_name or '工作人员'} · {label}" if label else (user.full_name or "工作人员")
    return names


def _page(request, number, *, bound=None, error=None, status=200):
    from .uploads import applicant_sent  # uploads imports staff_required from here

    user = selectors.staff_user(request.user)
    view = selectors.case_view(user, number)
    if view is None:
        raise Http404("办件不存在")
    case = view.case
    forms = []
    for action in selectors.actions_for(user, case):
        act = steps.ACTS[action]
        form = bound[1] if bound and bound[0] == action else StepForm(act, case, user)
        forms.append({"action": action, "label": act.label, "form": form})
    return render(
        request,
        "workbench/case.html",
        {
            "view": view,
            "case": case,
            "clock": clock_badge(view.clock),
            "forms": forms,
            "timeline": _timeline(case),
            "error": error,
            "failed_action": bound[0] if bound else None,
            "documents": notice_links(case),
            "can_receive": can_receive(user),
            "linkage": results_for_case(case) if case.decision else [],
            "sent_messages": sent_for_case(case),
            "failed_label": steps.ACTS[bound[0]].label if bound else "",
            **applicant_sent(case, view.materials),
        },
        status=status,
    )


@require_GET
@staff_required
def case_page(request, number):
    return _page(request, number)


@require_POST
@staff_required
def act(request, number, action):
    """Any step of the table, from its generated form: validated by the step's serializer, taken
    by steps.perform. An online application's first clerk takes it in the same transaction
    (首问负责), when the step is one of 预审's."""
    user = selectors.staff_user(request.user)
    case = selectors.find_case(user, number)
    if case is None or action not in steps.ACTS:
        raise Http404("办件不存在")
    case = Case.objects.select_related("site__parent", "home_site", "item_version").get(pk=case.pk)
    form = StepForm(steps.ACTS[action], case, user, request.POST)
    data = form.step_data()
    if data is None:
        return _page(request, number, bound=(action, form), error="请按提示修改后再提交。", status=400)
    try:
        with transaction.atomic():
            if action != Action.TAKE and _untaken(case, user):
                steps.perform(case, user, Action.TAKE)
            steps.perform(case, user, action, data)
    except DomainError as err:
        return _page(request, number, bound=(action, form), error=err.message, status=err.status)
    return redirect("workbench:case", number=number)


def _untaken(case, user) -> bool:
    """An online application nobody owns yet, in 预审, that this user could take."""
    return case.state == State.PREREVIEW and Action.TAKE in steps.offered(case, user)
