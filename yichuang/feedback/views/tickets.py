"""整改单 pages for centre heads and supervisors (R-50, R-51): the list of their sites' tickets,
overdue first, and one ticket with the form of its next step."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from yichuang.common.errors import DomainError

from .. import permissions, selectors, services
from ..forms import CallBackForm, CloseForm, NoteForm, add_problems
from ..workflow import Action, State, next_action
from .common import staff_login

STEP_FORMS = {
    Action.VERIFY: NoteForm,
    Action.RECTIFY: NoteForm,
    Action.CALL_BACK: CallBackForm,
    Action.CLOSE: CloseForm,
}
STEP_HINTS = {
    Action.VERIFY: "核实差评或反映的情况(询问当事人员、调取记录或监控)。",
    Action.RECTIFY: "写明整改措施:立行立改的,写明已改正的内容。",
    Action.CALL_BACK: "回访评价人或反映人,记录其对整改的意见。仍不满意的,整改单退回重新整改。",
    Action.CLOSE: "回访完成后办结整改单。",
}


def _require_handler(request) -> None:
    if not permissions.handles_tickets(request.user):
        raise PermissionDenied("只有中心负责人或监察人员可以查看整改单。")


@require_GET
@staff_login
def ticket_list(request):
    _require_handler(request)
    state = request.GET.get("state", "")
    tickets = list(selectors.tickets_for(request.user, state=state or None)[:500])
    return render(
        request,
        "feedback/tickets.html",
        {
            "tickets": tickets,
            "state": state,
            "states": State.choices,
            "open_count": sum(not t.is_closed for t in tickets),
            "overdue_count": sum(t.is_overdue and not t.is_closed for t in tickets),
        },
    )


def _ticket_page(request, pk: int, *, bound=None, error: str = "", status: int = 200, phone: str = ""):
    _require_handler(request)
    ticket = selectors.ticket_for(request.user, pk)
    if ticket is None:
        raise Http404("整改单不存在")
    action = next_action(ticket.state)
    form = bound if bound is not None else (STEP_FORMS[action]() if action else None)
    return render(
        request,
        "feedback/ticket.html",
        {
            "ticket": ticket,
            "steps": selectors.ticket_steps(ticket),
            "action": action,
            "action_label": Action(action).label if action else "",
            "hint": STEP_HINTS.get(action, ""),
            "form": form,
            "error": error,
            "phone": phone,
        },
        status=status,
    )


@require_GET
@staff_login
def ticket_detail(request, pk: int):
    return _ticket_page(request, pk)


@require_POST
@staff_login
def ticket_act(request, pk: int, action: str):
    _require_handler(request)
    ticket = selectors.ticket_for(request.user, pk)
    if ticket is None:
        raise Http404("整改单不存在")
    if action not in STEP_FORMS:
        raise Http404("没有这个环节")
    form = STEP_FORMS[action](request.POST)
    if not form.is_valid():
        return _ticket_page(request, pk, bound=form, error="请更正下面标出的内容。", status=400)
    note = form.cleaned_data.get("note", "")
    try:
        if action == Action.CALL_BACK:
            services.call_back(ticket, request.user, form.cleaned_data["result"], note)
        else:
            {Action.VERIFY: services.verify, Action.RECTIFY: services.rectify, Action.CLOSE: services.close}[action](
                ticket, request.user, note
            )
    except DomainError as exc:
        if exc.code == "transition_not_allowed":  # a stale page: show the step the ticket is at now
            return _ticket_page(request, pk, error=exc.message, status=409)
        add_problems(form, exc)
        return _ticket_page(request, pk, bound=form, error=exc.message, status=exc.status)
    return redirect(reverse("feedback:ticket", args=[pk]))


@require_POST
@staff_login
def ticket_phone(request, pk: int):
    """Show the full phone for the call-back; the viewing is audited by the service."""
    _require_handler(request)
    ticket = selectors.ticket_for(request.user, pk)
    if ticket is None:
        raise Http404("整改单不存在")
    return _ticket_page(request, pk, phone=services.contact_phone(ticket, request.user) or "未留电话")
