"""网上申请 of one item (the life-event form is bundle_apply.py; both share apply_parts.py).

The form asks only what the rules need and the government does not know already (prefilled
from the ID number and the e-licence store); materials the government issued are fetched,
not asked for; the rest are uploaded. "暂存" saves a draft; "提交" runs the same eligibility
check as a window and submits. Works without JavaScript (multipart POST, redirect after).

Only an item handled online (online.handled_online: 网上预审 or deeper) has this page; any
other, even reached by a typed address, gets a page that says so and where to go instead.

The page names the draft it showed (a hidden field): a submit of a draft that is gone — a
double click, a second tab — answers "已提交" with the way to the case, and never makes the
draft again (issue 13). Bad input re-renders the page with the error and what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from yichuang.cases.services.online import applicant_actor
from yichuang.catalog import selectors as catalog
from yichuang.common.errors import DomainError

from .. import forms_data, online, selectors
from ..services import applications
from . import apply_parts as parts
from .common import citizen_required, not_found, problems_of


class AlreadySubmitted(Exception):
    """The draft the page showed was submitted meanwhile."""


def _handle_post(request, site, targets, item, questions):
    """(errors, draft) for the page to show again, or (None, cases) once submitted. Raises
    AlreadySubmitted when the page's draft was submitted meanwhile."""
    answers, errors = forms_data.parse_answers(questions, request.POST)
    delivery = parts.parse_delivery(request.POST, errors)
    draft_id, mangled = parts.draft_id(request.POST)
    if mangled:
        return [parts.STALE_PAGE], None
    rows = parts.material_rows(targets, request.applicant, None, deferred={})
    form_data = {
        "answers": answers,
        "delivery": delivery,
        "deferred": parts.typed_deferred(request.POST, rows),
        "committed": parts.typed_committed(request.POST, rows),
    }
    try:
        draft, refused = applications.save_form(
            request.account,
            request.applicant,
            site,
            item=item,
            draft_id=draft_id,
            form_data=form_data,
            files=parts.uploaded_files(request, targets, rows),
        )
    except DomainError as exc:
        if exc.code == "already_submitted":
            raise AlreadySubmitted from exc
        return problems_of(exc), None
    errors += parts.refused_uploads(rows, refused, problems_of)
    if errors or request.POST.get("action") != "submit":
        return errors, draft
    case_data = {**forms_data.nest(answers), "delivery": delivery}
    try:
        created = applications.submit(draft, targets, case_data, applicant_actor(request.user))
    except DomainError as exc:
        if exc.code == "already_submitted":  # a parallel submit of this draft came first
            raise AlreadySubmitted from exc
        return problems_of(exc), draft
    messages.success(request, "申请已提交:" + "、".join(c.number for c in created) + "。窗口预审后会通知您。")
    return None, created


def _already_submitted(request, site, item):
    messages.info(request, "该申请已提交,请勿重复提交。")
    case = selectors.latest_online_case(request.applicant, site, item)
    return redirect(reverse("portal:case", args=[case.number]) if case else reverse("portal:cases"))


@citizen_required
@require_http_methods(["GET", "POST"])
def apply_item(request, site_code: str, basic_code: str):
    site = catalog.get_public_site(site_code)
    site_item = catalog.get_site_item(site, basic_code) if site else None
    if site_item is None:
        return not_found(request, "该站点没有公布这个事项(或一件事),不能网上申请。")
    if not online.handled_online(site_item.version):
        return online.refusal(request, site, [site_item])
    version, item = site_item.version, site_item.item
    targets = [(site, version)]
    questions = forms_data.questions([version])
    errors, typed = [], None
    draft = selectors.my_draft(request.applicant, site, item, None)
    if request.method == "POST":
        try:
            errors, result = _handle_post(request, site, targets, item, questions)
        except AlreadySubmitted:
            return _already_submitted(request, site, item)
        if errors is None:
            return redirect(reverse("portal:case", args=[result[0].number]))
        if not errors:
            messages.success(request, "已暂存。下次登录可继续填写。")
            return redirect(request.path)
        draft, typed = result or draft, request.POST
    context = parts.page_context(request, site, targets, draft, typed, questions)
    context.update(title=version.name, errors=errors)
    return render(request, "portal/apply.html", context, status=400 if errors else 200)
