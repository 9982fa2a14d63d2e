"""一件事 online (issue 15 §3; R-16): one form, one submission, one tracking page for a life event.

Each item of the event is handled where `catalog.bundles.place` finds it seen from the site the
citizen started at: that site, the centres above it, or — for what only townships offer, started
at the county — the citizen's own township (from the household address or their choice; the
page asks when it is not known). The form asks every fact every item needs (life_facts) and the
items' rule questions, each once; materials shared by several items are uploaded once. Submitting
makes one case per item at its site, all in one transaction, tied together by a reference the
tracking page reads.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from yichuang.cases.models import Case
from yichuang.cases.services.online import applicant_actor
from yichuang.catalog import bundles
from yichuang.catalog import selectors as catalog
from yichuang.common.errors import DomainError
from yichuang.org.models import Site

from .. import forms_data, life_facts, location, online, selectors
from ..services import applications
from . import apply_parts as parts
from .common import citizen_required, not_found, problems_of

REF_KEY = "life_event"  # form_data key of the cases of one submission


def _township_choice(request, site):
    """The township the citizen picked for what only townships offer (a GET or POST field),
    else their own township; remembered once picked."""
    code = (request.POST.get("township") or request.GET.get("township") or "").strip()[:32]
    picked = catalog.get_public_site(code) if code else None
    if picked is not None and picked.level == Site.Level.TOWNSHIP:
        location.remember(request, picked)
        return picked
    return location.home_township(request, site)


def _save(request, site, bundle, targets, facts, submit):
    """(errors, draft, cases): 暂存 or 提交 of the one form."""
    post = request.POST
    questions = forms_data.questions([v for _, v in targets])
    answers, errors = forms_data.parse_answers(questions, post)
    typed_facts, fact_errors = life_facts.parse(facts, post, required=submit)
    errors += fact_errors
    delivery = parts.parse_delivery(post, errors)
    draft_id, mangled = parts.draft_id(post)
    if mangled:
        return [parts.STALE_PAGE], None, None
    rows = parts.material_rows(targets, request.applicant, None, deferred={})
    form_data = {
        "answers": answers,
        "facts": typed_facts,
        "delivery": delivery,
        "deferred": parts.typed_deferred(post, rows),
        "committed": parts.typed_committed(post, rows),
    }
    try:
        draft, refused = applications.save_form(
            request.account,
            request.applicant,
            site,
            bundle=bundle,
            draft_id=draft_id,
            form_data=form_data,
            files=parts.uploaded_files(request, targets, rows),
        )
    except DomainError as exc:
        return problems_of(exc), None, None
    errors += parts.refused_uploads(rows, refused, problems_of)
    if errors or not submit:
        return errors, draft, None
    reference = {"code": bundle.code, "name": bundle.name, "ref": uuid.uuid4().hex}
    case_data = {
        **forms_data.nest(answers),
        **life_facts.nest(typed_facts, facts),
        "delivery": delivery,
        REF_KEY: reference,
    }
    try:
        with transaction.atomic():
            created = applications.submit(draft, targets, case_data, applicant_actor(request.user))
    except DomainError as exc:
        return problems_of(exc), draft, None
    return [], draft, (reference, created)


@citizen_required
@require_http_methods(["GET", "POST"])
def apply_bundle(request, site_code: str, code: str):
    site = catalog.get_public_site(site_code)
    bundle = catalog.get_site_bundle(site, code) if site else None
    if bundle is None:
        return not_found(request, "该站点没有公布这个一件事,不能网上申请。")
    home = _township_choice(request, site)
    placements = bundles.place(site, bundle, home)
    at_window = online.offline(p.site_item for p in placements)
    if at_window:
        return online.refusal(request, site, at_window, event=bundle.name)
    unplaced = [p for p in placements if p.site_item is None]
    targets = [(p.site, p.site_item.version) for p in placements if p.site_item is not None]
    facts = life_facts.facts_for([v for _, v in targets])
    draft = selectors.my_draft(request.applicant, site, None, bundle)
    errors, typed = [], None
    if request.method == "POST" and not unplaced:
        submit = request.POST.get("action") == "submit"
        errors, saved, done = _save(request, site, bundle, targets, facts, submit)
        if done:
            reference, created = done
            messages.success(request, "申请已提交:" + "、".join(c.number for c in created) + "。各窗口预审后会通知您。")
            return redirect(reverse("portal:life_event", args=[reference["ref"]]))
        if saved is None and not errors:
            errors = [parts.STALE_PAGE]
        if not errors:
            messages.success(request, "已暂存。下次登录可继续填写。")
            return redirect(request.get_full_path())
        draft, typed = saved or draft, request.POST
    questions = forms_data.questions([v for _, v in targets])
    facts_typed = (
        life_facts.typed(facts, typed) if typed is not None else (draft.form_data if draft else {}).get("facts", {})
    )
    context = parts.page_context(request, site, targets, draft, typed, questions)
    context.update(
        bundle=bundle,
        placements=placements,
        unplaced=unplaced,
        choices=bundles.townships_offering(site, [p.entry for p in unplaced]) if unplaced else [],
        home=home,
        fact_groups=life_facts.grouped(facts, facts_typed),
        errors=errors,
    )
    return render(request, "portal/apply_bundle.html", context, status=400 if errors else 200)


@citizen_required
@require_GET
def life_event(request, ref: str):
    """一件事办理进度: every case of one submission, where it is handled and how far it got."""
    ref = ref.strip()[:32]
    found = list(
        Case.objects.filter(applicant=request.applicant, **{f"form_data__{REF_KEY}__ref": ref})
        .select_related("site", "item_version")
        .order_by("pk")
    )
    if not ref.isalnum() or not found:
        return not_found(request, "没有找到这件一件事申请。")
    return render(
        request,
        "portal/life_event.html",
        {"name": found[0].form_data[REF_KEY]["name"], "cases": found, "applicant": request.applicant},
    )
