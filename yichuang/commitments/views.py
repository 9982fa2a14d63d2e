"""Pages: the department's post-check queue and a check's page (staff), the commitment's PDF
(staff who may see the case), and the public proofs list of a site (证明事项清单)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from yichuang.cases import selectors as cases
from yichuang.catalog import selectors as catalog
from yichuang.catalog.views import not_found, public_page
from yichuang.common.errors import DomainError, NotAllowed
from yichuang.workbench.views import staff_required

from . import documents, selectors, services
from .models import Commitment, PostCheck


@require_GET
@staff_required
def checks(request):
    user = cases.staff_user(request.user)
    rows = list(selectors.checks_for(user)[:200])
    for row in rows:
        row.overdue = selectors.is_overdue(row)
    return render(request, "commitments/checks.html", {"rows": rows, "pending": selectors.pending_count(user)})


def _visible_check(user, pk: int) -> PostCheck:
    found = selectors.checks_for(user).filter(pk=pk).first()
    if found is None:  # another department's task reads as absent, not as forbidden
        raise Http404("核查任务不存在")
    return found


@require_http_methods(["GET", "POST"])
@staff_required
def check(request, pk: int):
    user = cases.staff_user(request.user)
    post_check = _visible_check(user, pk)
    ctx = {"check": post_check, "outcomes": [PostCheck.Outcome.TRUE, PostCheck.Outcome.FALSE]}
    if request.method == "POST":
        try:
            services.record_outcome(
                post_check, user, request.POST.get("outcome", ""), request.POST.get("finding", "")[:2000]
            )
        except (DomainError, NotAllowed) as err:
            ctx.update(error=err.message, finding=request.POST.get("finding", "")[:2000])
            return render(request, "commitments/check.html", _with_case(ctx, post_check), status=err.status)
        return redirect("commitments:check", pk=pk)
    return render(request, "commitments/check.html", _with_case(ctx, post_check))


def _with_case(ctx: dict, post_check: PostCheck) -> dict:
    post_check.refresh_from_db()
    case = post_check.commitment.case
    case.refresh_from_db()
    ctx.update(case=case, credit=selectors.applicant_credit(post_check.commitment.applicant_id))
    return ctx


@require_GET
@staff_required
def commitment_pdf(request, pk: int):
    user = cases.staff_user(request.user)
    commitment = get_object_or_404(Commitment.objects.select_related("case", "material", "applicant"), pk=pk)
    visible = cases.find_case(user, commitment.case.number) is not None
    if not visible and not selectors.can_check(user, commitment.post_check):
        raise Http404("告知承诺书不存在")
    response = HttpResponse(documents.commitment_pdf(commitment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="commitment-{commitment.case.number}-{commitment.pk}.pdf"'
    return response


@require_GET
@public_page
def proofs(request, site_code: str):
    site = catalog.get_public_site(site_code)
    if site is None:
        return not_found(request, "没有这个服务中心(站点)。")
    return render(request, "commitments/proofs.html", {"proofs": selectors.proofs_list(site), "site": site})
