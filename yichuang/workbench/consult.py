"""网上咨询 at the workbench (issue 15 §6): the site's 综合咨询 staff (clerks and the head) see
the questions of their sites, the oldest due first, and answer each once."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from yichuang.cases import selectors as cases
from yichuang.common.errors import DomainError
from yichuang.consult import selectors, services

from .views import staff_required


def _page(request, error: str = "", failed: int | None = None, typed: str = "", status: int = 200):
    user = cases.staff_user(request.user)
    context = {"questions": selectors.to_answer(user), "error": error, "failed": failed, "typed": typed}
    return render(request, "workbench/consult.html", context, status=status)


@require_GET
@staff_required
def questions(request):
    return _page(request)


@require_POST
@staff_required
def answer(request, pk: int):
    user = cases.staff_user(request.user)
    question = selectors.answerable(user, pk)
    if question is None:
        raise Http404("咨询不存在或已答复")
    typed = (request.POST.get("answer") or "")[: services.MAX_CHARS + 100]
    try:
        services.answer(question, user, typed)
    except DomainError as exc:
        return _page(request, exc.message, pk, typed, status=exc.status)
    messages.success(request, "已答复,并已通知咨询人。")
    return redirect("workbench:consult")
