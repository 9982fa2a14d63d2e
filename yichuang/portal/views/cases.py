"""我的办件: list, detail (status, clock, notices, results), 补正 online, sealed result download.

Every page looks the case up among the acting applicant's own cases: another citizen's case
number answers 404, exactly like a number that does not exist."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from yichuang.cases.clock import read_clock
from yichuang.cases.workflow import State
from yichuang.common.errors import DomainError

from .. import selectors
from ..services import applications
from .common import citizen_required, not_found, problems_of

CLOCK_TEXT = {"normal": "正常", "yellow": "临近期限", "red": "即将超期", "none": ""}
# The feedback app rates a case once it is decided or finished (its RATEABLE_STATES).
RATEABLE = frozenset({State.DECIDED, State.AWAITING_DELIVERY, State.COMPLETED, State.TERMINATED})


def rating_url(case) -> str:
    """The 好差评 page of the feedback app, when it exists and the case may be rated."""
    if case.state not in RATEABLE:
        return ""
    try:
        return reverse("feedback:rate_case", args=[case.number])
    except NoReverseMatch:
        return ""


@citizen_required
@require_GET
def case_list(request):
    rows = [
        {"case": c, "clock": read_clock(c), "rating_url": rating_url(c)}
        for c in selectors.my_cases(request.applicant)[:200]
    ]
    return render(
        request,
        "portal/cases.html",
        {
            "rows": rows,
            "drafts": selectors.my_drafts(request.applicant),
            "applicant": request.applicant,
            "clock_text": CLOCK_TEXT,
        },
    )


@citizen_required
@require_GET
def case_detail(request, number: str):
    case = selectors.my_case(request.applicant, number)
    if case is None:
        return not_found(request, "没有找到该办件,或该办件不属于您。")
    notice, lines = selectors.open_notice(case)
    return render(
        request,
        "portal/case.html",
        {
            "case": case,
            "clock": read_clock(case),
            "clock_text": CLOCK_TEXT,
            "steps": selectors.steps(case),
            "notice": notice,
            "lines": lines,
            "results": selectors.sealed_results(case),
            "uploads": selectors.case_uploads(case),
            "rating_url": rating_url(case),
            "delivery": (case.form_data or {}).get("delivery", {}),
            "applicant": request.applicant,
        },
    )


@citizen_required
@require_POST
def supplement(request, number: str):
    case = selectors.my_case(request.applicant, number)
    if case is None:
        return not_found(request, "没有找到该办件,或该办件不属于您。")
    notice, lines = selectors.open_notice(case)
    if notice is None:
        messages.error(request, "该办件没有待补正的告知书。")
        return redirect("portal:case", number)
    files = {
        line.material_id: request.FILES[f"file_{line.material_id}"]
        for line in lines
        if f"file_{line.material_id}" in request.FILES
    }
    try:
        applications.supplement(case, request.user, {line.material_id for line in lines}, files)
    except DomainError as exc:
        for message in problems_of(exc):
            messages.error(request, message)
        return redirect("portal:case", number)
    messages.success(request, "补正材料已提交,窗口将尽快审核。")
    return redirect("portal:case", number)


@citizen_required
@require_GET
def result_download(request, number: str, code: str):
    """The sealed result PDF: only the applicant's own, streamed from outside the web root."""
    use = selectors.sealed_result(request.applicant, number, code)
    if use is None or not use.document:
        return not_found(request, "没有找到该结果文书,或它不属于您。")
    return FileResponse(
        use.document.open("rb"),
        as_attachment=True,
        filename=f"{number}-{use.short_code}.pdf",
        content_type="application/pdf",
    )
