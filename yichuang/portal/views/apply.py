"""网上申请: one form per item, or one form for a whole life event (一表申请).

The form asks only what the rules need and the government does not know already (prefilled
from the ID number and the e-licence store); materials the government issued are fetched,
not asked for; the rest are uploaded. "暂存" saves a draft; "提交" runs the same eligibility
check as a window and submits. Works without JavaScript (multipart POST, redirect after)."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from yichuang.catalog import selectors as catalog
from yichuang.cases.models import Delivery
from yichuang.cases.services.online import applicant_actor, eligibility
from yichuang.common.errors import DomainError
from yichuang.people.selectors import licences_for

from .. import forms_data, guide
from ..models import Draft
from ..services import applications
from .common import citizen_required, not_found, problems_of

DELIVERY_METHODS = Delivery.Method.choices


@dataclass
class MaterialRow:
    name: str
    material_ids: list[int]
    necessity: str
    fetched_from: str = ""
    upload: object = None
    items: list[str] = field(default_factory=list)

    @property
    def field_name(self) -> str:
        return f"file_{self.material_ids[0]}"


def _material_rows(targets, applicant, draft) -> list[MaterialRow]:
    """One row per distinct material name: a life event asks each paper once."""
    uploads = {u.material_id: u for u in (draft.uploads.all() if draft else [])}
    rows: dict[str, MaterialRow] = {}
    for _, version in targets:
        for m in version.materials.all().order_by("order", "pk"):
            row = rows.setdefault(m.name, MaterialRow(m.name, [], m.get_necessity_display()))
            row.material_ids.append(m.pk)
            row.items.append(version.name)
            held = m.source == "government" and m.licence_type_code
            if held and licences_for(applicant, m.licence_type_code).exists():
                row.fetched_from = "已从电子证照库调取,无需上传"
            row.upload = row.upload or uploads.get(m.pk)
    return list(rows.values())


def _item_targets(site, basic_code):
    site_item = catalog.get_site_item(site, basic_code)
    return (site_item.version.name, [(site, site_item.version)], site_item.item, None) if site_item else None


def _bundle_targets(site, code):
    """Each item of the life event at the nearest centre that offers it (the county centre
    offers what the township does not)."""
    for scope_site in guide.scope_sites(site):
        bundle = catalog.get_site_bundle(scope_site, code)
        if bundle is not None:
            break
    else:
        return None
    targets, placed = [], set()
    for scope_site in guide.scope_sites(site):
        for bundle_item, site_item in catalog.bundle_site_items(scope_site, bundle):
            if site_item is not None and bundle_item.item_id not in placed:
                placed.add(bundle_item.item_id)
                targets.append((scope_site, site_item.version))
    return (bundle.name, targets, None, bundle) if targets else None


def _answers(questions, applicant, site, draft):
    known = forms_data.prefill(applicant, site)
    saved = (draft.form_data if draft else {}).get("answers", {})
    return [{"q": q, "value": saved.get(q.name, known.get(q.name, (None, ""))[0]),
             "source": "" if q.name in saved else known.get(q.name, (None, ""))[1]} for q in questions]


def _handle_post(request, site, title, targets, item, bundle, draft, questions):
    answers, errors = forms_data.parse_answers(questions, request.POST)
    method = request.POST.get("delivery") or Delivery.Method.WINDOW
    if method not in Delivery.Method.values:
        errors.append("请选择结果领取方式。")
    address = (request.POST.get("delivery_address") or "").strip()[:200]
    if method == Delivery.Method.POST and not address:
        errors.append("邮寄送达须填写收件地址。")
    form_data = {"answers": answers, "delivery": {"method": method, "address": address}}
    draft = applications.save_draft(request.account, request.applicant, site, item=item, bundle=bundle,
                                    form_data=form_data)
    rows = _material_rows(targets, request.applicant, draft)
    for row in rows:
        upload = request.FILES.get(row.field_name)
        if upload is not None:
            try:
                applications.add_upload(draft, targets_material(targets, row.material_ids[0]), upload)
            except DomainError as exc:
                errors += [f"“{row.name}”:{m}" for m in problems_of(exc)]
    if errors or request.POST.get("action") != "submit":
        return errors, draft
    case_data = {**forms_data.nest(answers), "delivery": form_data["delivery"]}
    try:
        created = applications.submit(draft, targets, case_data, applicant_actor(request.user))
    except DomainError as exc:
        return problems_of(exc), draft
    messages.success(request, "申请已提交:" + "、".join(c.number for c in created) + "。窗口预审后会通知您。")
    return None, created


def targets_material(targets, material_id):
    for _, version in targets:
        for m in version.materials.all():
            if m.pk == material_id:
                return m
    raise LookupError(material_id)


def _page(request, site_code, resolve, key):
    site = catalog.get_public_site(site_code)
    found = resolve(site, key) if site else None
    if found is None:
        return not_found(request, "该站点没有公布这个事项(或一件事),不能网上申请。")
    title, targets, item, bundle = found
    draft = Draft.objects.filter(applicant=request.applicant, site=site, item=item, bundle=bundle).first()
    questions = forms_data.questions([v for _, v in targets])
    errors = []
    if request.method == "POST":
        errors, result = _handle_post(request, site, title, targets, item, bundle, draft, questions)
        if errors is None:
            return redirect(reverse("portal:case", args=[result[0].number]) if len(result) == 1
                            else reverse("portal:cases"))
        draft = result
        if not errors:
            messages.success(request, "已暂存。下次登录可继续填写。")
            return redirect(request.path)
    answers = _answers(questions, request.applicant, site, draft)
    flat = {a["q"].name: a["value"] for a in answers if a["value"] is not None}
    checks = [r for _, v in targets for r in eligibility(v, forms_data.nest(flat))]
    delivery = (draft.form_data.get("delivery") if draft else None) or {"method": "window", "address": ""}
    return render(request, "portal/apply.html", {
        "site": site, "title": title, "targets": targets, "bundle": bundle, "answers": answers, "errors": errors,
        "materials": _material_rows(targets, request.applicant, draft), "checks": checks, "draft": draft,
        "delivery": delivery, "delivery_methods": DELIVERY_METHODS, "applicant": request.applicant,
        "status": 400 if errors else 200}, status=400 if errors else 200)


@citizen_required
@require_http_methods(["GET", "POST"])
def apply_item(request, site_code: str, basic_code: str):
    return _page(request, site_code, _item_targets, basic_code)


@citizen_required
@require_http_methods(["GET", "POST"])
def apply_bundle(request, site_code: str, code: str):
    return _page(request, site_code, _bundle_targets, code)
