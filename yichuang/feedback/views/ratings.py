"""网上 一事一评: the applicant rates their own case (R-50)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from yichuang.common.errors import DomainError

from .. import permissions, selectors, services
from ..forms import RatingForm, add_problems
from ..models.rating import Channel
from ..services.ratings import RATEABLE_STATES
from .common import citizen_login


@require_http_methods(["GET", "POST"])
@citizen_login
def rate_case(request, number: str):
    if permissions.is_staff_member(request.user) and not permissions.applicant_ids(request.user):
        raise PermissionDenied("工作人员不能评价本中心的服务;请邀请办事群众在评价器上评价。")
    case = selectors.rateable_case(request.user, number)
    if case is None:
        raise Http404("办件不存在")
    existing = selectors.rating_of(case)
    form = RatingForm(request.POST or None, channel=Channel.ONLINE)
    context = {
        "case": case,
        "rating": existing,
        "rateable": case.state in RATEABLE_STATES,
        "form": form,
        "done": request.GET.get("done") == "1",
    }
    status = 409 if request.method == "POST" and existing is not None else 200
    if request.method == "POST" and existing is None:
        if form.is_valid():
            try:
                services.rate_case(
                    case,
                    request.user,
                    level=form.cleaned_data["level"],
                    indicators=form.cleaned_data["indicators"],
                    reason=form.cleaned_data["reason"],
                )
                return redirect(reverse("feedback:rate_case", args=[case.number]) + "?done=1")
            except DomainError as exc:
                add_problems(form, exc)
                status = exc.status
        else:
            status = 400
        context["error"] = "评价未提交,请更正下面标出的内容。"
    return render(request, "feedback/rate_case.html", context, status=status)
