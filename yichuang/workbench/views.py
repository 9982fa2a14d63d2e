"""Workbench pages: thin views over cases.selectors (reads) and cases.services (writes).

Every view needs a logged-in staff member; a case outside the user's sites answers 404
(cases.selectors.visible_cases decides). Forms post and redirect (POST-redirect-GET), so the
pages work without JavaScript.
"""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_POST

from yichuang.cases import selectors, services
from yichuang.cases.clock import read_clock
from yichuang.cases.models import Case, Delivery
from yichuang.cases.workflow import FINAL_STATES, Action, State
from yichuang.common.errors import DomainError
from yichuang.ledger.models import AuditRecord
from yichuang.org.models import StaffRole

from .forms import FORMS, form_for

LOGIN_URL = reverse_lazy("workbench:login")
CLERK_STATES = [State.PREREVIEW, State.AWAITING_SUPPLEMENT, State.AWAITING_DELIVERY]
APPROVER_STATES = [State.ACCEPTED, State.IN_REVIEW, State.SPECIAL_PROCEDURE]
HEAD_ROWS = 200  # the head's overview shows the most urgent cases first

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


@require_GET
@staff_required
def home(request):
    user = selectors.staff_user(request.user)
    visible = selectors.visible_cases(user)
    queues = []
    for role in user.staff_roles.all().select_related("site", "department").order_by("site__name", "role"):
        if role.role == StaffRole.Role.CLERK:
            rows = list(_rows(visible.filter(site_id=role.site_id, state__in=CLERK_STATES))[:HEAD_ROWS])
            title = f"{role.site} · 受理窗口:待受理、待补正、待送达"
        elif role.role == StaffRole.Role.APPROVER:
            rows = list(_rows(visible.filter(home_site_id=role.site_id, state__in=APPROVER_STATES,
                                             item_version__department_id=role.department_id))[:HEAD_ROWS])
            title = f"{role.site} · {role.department} 审批:已受理、审查中、特别程序"
        elif role.role == StaffRole.Role.HEAD:
            qs = (visible.filter(Q(site_id=role.site_id) | Q(home_site_id=role.site_id))
                  .exclude(state__in=FINAL_STATES).prefetch_related("suspensions"))
            rows = list(_rows(qs).order_by("due_date", "received_at", "pk")[:HEAD_ROWS])
            title = f"{role.site} · 中心全部在办件"
        else:
            continue
        for case in rows:
            case.badge = clock_badge(read_clock(case))
        queues.append({"role": role, "title": title, "rows": rows, "show_clock": role.role == StaffRole.Role.HEAD})
    return render(request, "workbench/home.html", {"queues": queues})


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
        if action not in FORMS:
            continue
        form = bound[1] if bound and bound[0] == action else form_for(action, case)
        forms.append({"action": action, "label": Action(action).label, "form": form})
    return render(request, "workbench/case.html", {
        "view": view, "case": case, "clock": clock_badge(view.clock), "forms": forms, "timeline": _timeline(case),
        "error": error, "failed_action": bound[0] if bound else None,
        "failed_label": Action(bound[0]).label if bound else "",
    }, status=status)


@require_GET
@staff_required
def case_page(request, number):
    return _page(request, number)


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
            departments = list(case.site.departments.filter(pk__in=[int(p) for p in d["departments"]]))
            services.dispatch_joint(case, user, departments)
        case Action.ESCALATE:
            services.escalate(case, user, to_site=case.site.parent, tracker=user)
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
        _call(action, case, user, form)
    except DomainError as err:
        return _page(request, number, bound=(action, form), error=err.message, status=err.status)
    return redirect("workbench:case", number=number)
