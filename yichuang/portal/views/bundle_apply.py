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

from yichuang.cases.models import Case, Delivery
from yichuang.cases.services.online import applicant_actor, eligibility
from yichuang.catalog import bundles
from yichuang.catalog import selectors as catalog
from yichuang.common.errors import DomainError
from yichuang.org.models import Site

from .. import forms_data, life_facts, location, selectors
from ..services import applications
from .apply import DELIVERY_METHODS, STALE_PAGE, _answers, _draft_id, _material_rows, targets_material
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


def _delivery(post, errors):
    method = post.get("delivery") or Delivery.Method.WINDOW
    if method not in Delivery.Method.values:
        errors.append("请选择结果领取方式。")
    address = (post.get("delivery_address") or "").strip()[:200]
    if method == Delivery.Method.POST and not address:
        errors.append("邮寄送达须填写收件地址。")
    return {"method": method, "address": address}


def _save(request, site, bundle, targets, post, submit):
    """(errors, draft, cases): 暂存 or 提交 of the one form."""
    questions = forms_data.questions([v for _, v in targets])
    facts = life_facts.facts_for([v for _, v in targets])
    answers, errors = forms_data.parse_answers(questions, post)
    typed_facts, fact_errors = life_facts.parse(facts, post, required=submit)
    errors += fact_errors
    delivery = _delivery(post, errors)
    draft_id, mangled = _draft_id(post)
    if mangled:
        return [STALE_PAGE], None, None
    form_data = {"answers": answers, "facts": typed_facts, "delivery": delivery}
    rows = _material_rows(targets, request.applicant, None)
    names = {row.material_ids[0]: row.name for row in rows}
    files = [
        (targets_material(targets, row.material_ids[0]), request.FILES[row.field_name])
        for row in rows
        if row.field_name in request.FILES
    ]
    try:
        draft, refused = applications.save_form(
            request.account, request.applicant, site, bundle=bundle, draft_id=draft_id, form_data=form_data, files=files
        )
    except DomainError as exc:
        return problems_of(exc), None, None
    errors += [f"“{names[material.pk]}”:{m}" for material, exc in refused for m in problems_of(exc)]
    if errors or not submit:
        return errors, draft, None
    reference = {"code": bundle.code, "name": bundle.name, "ref": uuid.uuid4().hex}
    case_data = {
        **forms_data.nest(answers),
        **life_facts.nest(typed_facts),
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
    unplaced = [p for p in placements if p.site_item is None]
    targets = [(p.site, p.site_item.version) for p in placements if p.site_item is not None]
    entries = [p.entry for p in unplaced]
    choices = bundles.townships_offering(site, entries) if unplaced else []
    draft = selectors.my_draft(request.applicant, site, None, bundle)
    errors, typed = [], None
    if request.method == "POST" and not unplaced:
        submit = request.POST.get("action") == "submit"
        errors, saved, done = _save(request, site, bundle, targets, request.POST, submit)
        if done:
            reference, created = done
            messages.success(request, "申请已提交:" + "、".join(c.number for c in created) + "。各窗口预审后会通知您。")
            return redirect(reverse("portal:life_event", args=[reference["ref"]]))
        if saved is None and not errors:
            errors = [STALE_PAGE]
        if not errors:
            messages.success(request, "已暂存。下次登录可继续填写。")
            return redirect(request.get_full_path())
        draft, typed = saved or draft, request.POST
    questions = forms_data.questions([v for _, v in targets])
    answers = _answers(questions, request.applicant, site, draft, typed)
    flat = {a["q"].name: a["parsed"] for a in answers if a["parsed"] is not None}
    checks = [r for _, v in targets for r in eligibility(v, forms_data.nest(flat))]
    saved_data = draft.form_data if draft else {}
    facts_typed = (
        {k: (typed.get(k) or "").strip() for k in life_facts.FACTS}
        if typed is not None
        else saved_data.get("facts", {})
    )
    delivery = saved_data.get("delivery") or {"method": "window", "address": ""}
    if typed is not None:
        delivery = {"method": typed.get("delivery") or "window", "address": (typed.get("delivery_address") or "")[:200]}
    return render(
        request,
        "portal/apply_bundle.html",
        {
            "site": site,
            "bundle": bundle,
            "placements": placements,
            "unplaced": unplaced,
            "choices": choices,
            "home": home,
            "answers": answers,
            "fact_groups": life_facts.grouped(life_facts.facts_for([v for _, v in targets]), facts_typed),
            "errors": errors,
            "materials": _material_rows(targets, request.applicant, draft) if targets else [],
            "checks": checks,
            "draft": draft,
            "delivery": delivery,
            "delivery_methods": DELIVERY_METHODS,
            "applicant": request.applicant,
        },
        status=400 if errors else 200,
    )


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
