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
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_POST

from yichuang.cases import selectors, services
from yichuang.cases.models import Case, CaseMaterial, Delivery, JointTask
from yichuang.cases.services.common import front_desk_site
from yichuang.cases.workflow import FINAL_STATES, Action, State
from yichuang.common.errors import DomainError
from yichuang.ledger.models import AuditRecord
from yichuang.org.models import Post, StaffRole
from yichuang.org.selectors import windows_covered_by
from yichuang.seals.selectors import notice_links
from yichuang.supervision.selectors import results_for_case

from .forms import FORMS, DeferredForm, JointAnswerForm, form_for

LOGIN_URL = reverse_lazy("workbench:login")
CLERK_STATES = [State.PREREVIEW, State.AWAITING_SUPPLEMENT, State.AWAITING_DELIVERY]
APPROVER_STATES = [State.ACCEPTED, State.IN_REVIEW, State.SPECIAL_PROCEDURE]
QUEUE_ROWS = 50  # rows shown per queue; the count says how many wait in all

CLOCK_LEVELS = {"normal": "正常", "yellow": "黄牌预警", "red": "红牌预警", "none": "未计时"}
EVENT_LABELS = {
    "received": "收件", "accepted": "受理", "supplement_requested": "一次性告知补正", "supplemented": "补正材料",
    "intake_refused": "不予受理", "decided_instantly": "即办办结", "review_started": "开始审查",
    "joint_dispatched": "分送联办", "joint_task_answered": "联办部门答复", "joint_completed": "联办办结",
    "escalated": "上报", "escalation_synced": "同步上级进度", "special_started": "启动特别程序",
    "special_ended": "结束特别程序", "extended": "延期", "approve": "准予", "deny": "不予许可",
    "delivery_prepared": "制证待送达", "delivered": "送达", "withdrawn": "撤回申请", "terminated": "终止办理",
    "deferred_supplied": "收取容缺后补材料",
}


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
    return {"level": reading.level, "text": CLOCK_LEVELS.get(reading.level, reading.level),
            "remaining": reading.remaining_days, "overdue": reading.overdue, "stopped": reading.stopped}


def _rows(qs):
    return qs.select_related("item_version", "applicant", "site", "home_site", "owner").order_by("received_at", "pk")


def _queue(title: str, qs, *, clock: bool = False) -> dict:
    """One queue: its first QUEUE_ROWS rows (oldest or most urgent first) and how many there are.
    A desk works from the top of its queue; rendering thousands of rows helps nobody."""
    rows = list(qs[:QUEUE_ROWS])
    total = qs.count() if len(rows) == QUEUE_ROWS else len(rows)
    if clock:  # only the head's overview shows the clock
        for case, reading in zip(rows, selectors.read_clocks(rows)):
            case.badge = clock_badge(reading)
    return {"title": title, "rows": rows, "total": total, "show_clock": clock}


@require_GET
@staff_required
def home(request):
    user = selectors.staff_user(request.user)
    visible = selectors.visible_cases(user)
    queues = []
    for role in user.staff_roles.all().select_related("site", "department").order_by("site__name", "role"):
        if role.role == StaffRole.Role.CLERK:
            # A village helper's cases are accepted and handed out by the township (帮办代办, R-28).
            mine = Q(site_id=role.site_id) | Q(home_site_id=role.site_id, channel=Case.Channel.HELPER)
            queues.append(_queue(f"{role.site} · 受理窗口:待受理、待补正、待送达",
                                 _rows(visible.filter(mine, state__in=CLERK_STATES))))
        elif role.role == StaffRole.Role.APPROVER:
            queues.append(_queue(f"{role.site} · {role.department} 审批:已受理、审查中、特别程序",
                                 _rows(visible.filter(home_site_id=role.site_id, state__in=APPROVER_STATES,
                                                      item_version__department_id=role.department_id))))
            joint = _queue(f"{role.site} · {role.department} 联办任务:待本部门答复",
                           _rows(visible.filter(joint_tasks__department_id=role.department_id,
                                                joint_tasks__status=JointTask.Status.PENDING)))
            if joint["rows"]:
                queues.append(joint)
        elif role.role == StaffRole.Role.HELPER:
            queues.append(_queue(f"{role.site} · 帮办代办:本站点代办的在办件",
                                 _rows(visible.filter(site_id=role.site_id, channel=Case.Channel.HELPER)
                                       .exclude(state__in=FINAL_STATES))))
        elif role.role == StaffRole.Role.HEAD:
            qs = (visible.filter(Q(site_id=role.site_id) | Q(home_site_id=role.site_id))
                  .exclude(state__in=FINAL_STATES).prefetch_related("suspensions"))
            queues.append(_queue(f"{role.site} · 中心全部在办件(最急的在前)",
                                 _rows(qs).order_by("due_date", "received_at", "pk"), clock=True))
    queues += _covered_queues(user, visible)
    return render(request, "workbench/home.html", {"queues": queues, "can_receive": can_receive(user)})


def can_receive(user) -> bool:
    return any(r.role in (StaffRole.Role.CLERK, StaffRole.Role.HELPER) for r in user.staff_roles.all())


def _covered_queues(user, visible) -> list[dict]:
    """AB岗: while A is away, A's window queue (the cases A owns there) shows for B (R-55)."""
    out = []
    for window in windows_covered_by(user):
        resident = Post.objects.filter(window=window, position=Post.Position.A).select_related("staff").first()
        if resident is None or resident.staff_id == user.pk:
            continue
        out.append(_queue(f"{window.site} · {window}(A岗 {resident.staff} 离岗,由您顶岗)",
                          _rows(visible.filter(site_id=window.site_id, owner_id=resident.staff_id,
                                               state__in=CLERK_STATES))))
    return out


def _timeline(case):
    records = AuditRecord.objects.filter(stream=case.audit_stream).order_by("seq").only(
        "seq", "created_at", "actor", "action", "data")
    out = []
    for r in records:
        name = r.action.removeprefix("case.")
        out.append({"action": EVENT_LABELS.get(name, name), "actor": r.actor, "at": r.created_at,
                    "state": State(r.data["state"]).label if r.data.get("state") in State.values else ""})
    return out


def _page(request, number, *, bound=None, error=None, status=200):
    user = selectors.staff_user(request.user)
    view = selectors.case_view(user, number)
    if view is None:
        raise Http404("办件不存在")
    case = view.case
    forms = []
    for action in selectors.actions_for(user, case):
        if action not in FORMS or (action == Action.DECIDE_INSTANTLY and not case.item_version.is_instant):
            continue  # 即办 only for an instant item (the service would refuse it anyway)
        form = bound[1] if bound and bound[0] == action else form_for(action, case)
        forms.append({"action": action, "label": Action(action).label, "form": form})
    departments = {r.department_id for r in user.staff_roles.all() if r.role == StaffRole.Role.APPROVER}
    joint_forms = [{"task": t, "form": bound[1] if bound and bound[0] == f"joint{t.pk}" else JointAnswerForm(
        prefix=f"joint{t.pk}")} for t in view.joint_tasks
        if t.status == JointTask.Status.PENDING and t.department_id in departments]
    deferred = [m for m in view.materials if m.status == CaseMaterial.Status.DEFERRED]
    window = (case.site_id, case.home_site_id) if case.channel == Case.Channel.HELPER else (case.site_id,)
    deferred_form = None
    if deferred and selectors.roles_at(user, *window) & {StaffRole.Role.CLERK, StaffRole.Role.HELPER}:
        deferred_form = bound[1] if bound and bound[0] == "deferred" else DeferredForm(rows=deferred, prefix="deferred")
    labels = {"deferred": "收取容缺后补材料", **{f"joint{t.pk}": f"{t.department.name}联办答复" for t in view.joint_tasks}}
    return render(request, "workbench/case.html", {
        "view": view, "case": case, "clock": clock_badge(view.clock), "forms": forms, "timeline": _timeline(case),
        "error": error, "failed_action": bound[0] if bound else None, "joint_forms": joint_forms,
        "deferred_form": deferred_form, "documents": notice_links(case), "can_receive": can_receive(user),
        "linkage": results_for_case(case) if case.decision else [],
        "failed_label": (labels.get(bound[0]) or Action(bound[0]).label) if bound else "",
    }, status=status)


@require_GET
@staff_required
def case_page(request, number):
    return _page(request, number)


# What a clerk does to an online application in 预审; the first of them makes the clerk its owner.
PREREVIEW_ACTIONS = {Action.ACCEPT, Action.REQUEST_SUPPLEMENT, Action.REFUSE_INTAKE, Action.DECIDE_INSTANTLY}


def _call(action, case, user, form):
    """Call the service for `action` with the form's cleaned fields."""
    d = form.cleaned_data
    match action:
        case Action.ACCEPT:
            services.accept(case, user)
        case Action.REQUEST_SUPPLEMENT:
            services.request_supplement(case, user, form.lines())
        case Action.SUPPLEMENT:
            services.supplement(case, user, [int(m) for m in d["received"]])
        case Action.REFUSE_INTAKE:
            services.refuse_intake(case, user, reason=d["reason"], basis=d["basis"])
        case Action.DECIDE_INSTANTLY:
            services.decide_instantly(case, user, opinion=d["opinion"])
        case Action.START_REVIEW:
            services.start_review(case, user)
        case Action.DISPATCH_JOINT:
            departments = list(front_desk_site(case).departments.filter(pk__in=[int(p) for p in d["departments"]]))
            services.dispatch_joint(case, user, departments)
        case Action.ESCALATE:
            services.escalate(case, user, to_site=front_desk_site(case).parent, tracker=user)
        case Action.RECORD_ESCALATION_RESULT:
            services.sync_escalation(case, user, status_note=d["status_note"], external_number=d["external_number"],
                                     decision=d["decision"], reason=d["reason"])
        case Action.START_SPECIAL:
            services.start_special(case, user, d["kind"], d["reason"])
        case Action.END_SPECIAL:
            services.end_special(case, user, d["result"])
        case Action.EXTEND:
            services.extend(case, user, d["days"], d["reason"])
        case Action.APPROVE:
            services.approve(case, user, opinion=d["opinion"])
        case Action.DENY:
            services.deny(case, user, reason=d["reason"], basis=d["basis"])
        case Action.PREPARE_DELIVERY:
            services.prepare_delivery(case, user)
        case Action.DELIVER:
            services.deliver(case, user, d["method"], d["tracking_number"] if d["method"] == Delivery.Method.POST else "")
        case Action.WITHDRAW:
            services.withdraw(case, user, d["reason"])
        case Action.TERMINATE:
            services.terminate(case, user, reason=d["reason"], basis=d["basis"])


@require_POST
@staff_required
def act(request, number, action):
    user = selectors.staff_user(request.user)
    case = selectors.find_case(user, number)
    if case is None or action not in FORMS:
        raise Http404("办件不存在")
    case = Case.objects.select_related("site__parent", "item_version").get(pk=case.pk)
    form = form_for(action, case, request.POST)
    if not form.is_valid():
        return _page(request, number, bound=(action, form), error="请按提示修改后再提交。", status=400)
    try:
        with transaction.atomic():
            if case.channel == Case.Channel.ONLINE and case.owner_id is None and action in PREREVIEW_ACTIONS:
                services.take_online(case, user)  # 预审: the first clerk to act on it owns it (首问负责)
            _call(action, case, user, form)
    except DomainError as err:
        return _page(request, number, bound=(action, form), error=err.message, status=err.status)
    return redirect("workbench:case", number=number)


@require_POST
@staff_required
def answer_joint(request, number, task_id):
    """联办: the approver of one of the departments answers its task."""
    user = selectors.staff_user(request.user)
    case = selectors.find_case(user, number)
    task = JointTask.objects.filter(case=case, pk=task_id).select_related("department").first() if case else None
    if task is None:
        raise Http404("联办任务不存在")
    form = JointAnswerForm(request.POST, prefix=f"joint{task.pk}")
    if not form.is_valid():
        return _page(request, number, bound=(f"joint{task.pk}", form), error="请按提示修改后再提交。", status=400)
    try:
        services.answer_joint_task(task, user, form.cleaned_data["granted"] == "yes", form.cleaned_data["opinion"])
    except DomainError as err:
        return _page(request, number, bound=(f"joint{task.pk}", form), error=err.message, status=err.status)
    return redirect("workbench:case", number=number)


@require_POST
@staff_required
def supply_deferred(request, number):
    """容缺后补: the window records the promised materials the applicant has brought."""
    user = selectors.staff_user(request.user)
    case = selectors.find_case(user, number)
    if case is None:
        raise Http404("办件不存在")
    rows = list(case.materials.filter(status=CaseMaterial.Status.DEFERRED).select_related("material"))
    form = DeferredForm(request.POST, rows=rows, prefix="deferred")
    if not form.is_valid():
        return _page(request, number, bound=("deferred", form), error="请勾选已补交的材料。", status=400)
    try:
        services.supply_deferred(case, user, [int(pk) for pk in form.cleaned_data["received"]])
    except DomainError as err:
        return _page(request, number, bound=("deferred", form), error=err.message, status=err.status)
    return redirect("workbench:case", number=number)
