"""网上申请: one form per item, or one form for a whole life event (一表申请).

The form asks only what the rules need and the government does not know already (prefilled
from the ID number and the e-licence store); materials the government issued are fetched,
not asked for; the rest are uploaded. "暂存" saves a draft; "提交" runs the same eligibility
check as a window and submits. Works without JavaScript (multipart POST, redirect after).

The page names the draft it showed (a hidden field): a submit of a draft that is gone — a
double click, a second tab — answers "已提交" with the way to the case, and never makes the
draft again (issue 13). Bad input re-renders the page with the error and what was typed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from yichuang.cases.models import Delivery
from yichuang.cases.services.online import applicant_actor, eligibility
from yichuang.catalog import selectors as catalog
from yichuang.catalog.models import Material
from yichuang.common.errors import DomainError

from .. import forms_data, selectors
from ..services import applications
from ..services import materials as material_rules
from .common import citizen_required, not_found, problems_of

DELIVERY_METHODS = Delivery.Method.choices
STALE_PAGE = "页面已过期,请刷新页面后重新填写提交。"


class AlreadySubmitted(Exception):
    """The draft the page showed was submitted meanwhile."""


@dataclass
class MaterialRow:
    name: str
    material_ids: list[int]
    necessity: str
    needed: bool = False
    deferrable: bool = False
    fetched: list[bool] = field(default_factory=list)
    upload: object = None
    promised: str | None = None  # the 容缺 promise date typed or saved, None when not declared
    committable: bool = False  # 可告知承诺替代 for every item asking for it
    committed: bool = False
    items: list[str] = field(default_factory=list)

    @property
    def field_name(self) -> str:
        return f"file_{self.material_ids[0]}"

    @property
    def fetched_from(self) -> str:
        """Said only when every item asking for this paper gets it from the licence store: the
        case then holds it, and the page does not ask for it (materials.fetched is the test)."""
        return "已从电子证照库调取,无需上传" if self.fetched and all(self.fetched) else ""


def _material_rows(targets, applicant, draft, deferred=None) -> list[MaterialRow]:
    """One row per distinct material name: a life event asks each paper once."""
    uploads = {u.material_id: u for u in (draft.uploads.all() if draft else [])}
    if deferred is None:
        deferred = (draft.form_data.get("deferred") if draft else None) or {}
    rows: dict[str, MaterialRow] = {}
    for _, version in targets:
        for m in version.materials.all().order_by("order", "pk"):
            row = rows.setdefault(m.name, MaterialRow(m.name, [], m.get_necessity_display()))
            row.material_ids.append(m.pk)
            row.items.append(version.name)
            row.needed = row.needed or m.necessity in material_rules.NEEDED
            row.deferrable = row.deferrable or m.necessity == Material.Necessity.DEFERRABLE
            row.fetched.append(material_rules.fetched(applicant, m))
            row.upload = row.upload or uploads.get(m.pk)
            row.promised = deferred.get(m.name, row.promised)
            row.committable = m.commitment_allowed and (row.committable or len(row.items) == 1)
            row.committed = m.name in ((draft.form_data.get("committed") if draft else None) or [])
    return list(rows.values())


def _typed_committed(post, rows) -> list[str]:
    """告知承诺 accepted on the page under the citizen's real-name login: the materials' names."""
    return [row.name for row in rows if row.committable and post.get(f"commit_{row.material_ids[0]}") == "yes"]


def _typed_deferred(post, rows) -> dict[str, str]:
    """容缺 declared on the page: name → the promise date as typed (checked at submission)."""
    return {
        row.name: (post.get(f"promise_{row.material_ids[0]}") or "").strip()[:10]
        for row in rows
        if row.deferrable and post.get(f"defer_{row.material_ids[0]}") == "yes"
    }


def _item_targets(site, basic_code):
    site_item = catalog.get_site_item(site, basic_code)
    return (site_item.version.name, [(site, site_item.version)], site_item.item, None) if site_item else None


def _answers(questions, applicant, site, draft, typed=None):
    """The form's rows: what was typed (when the page comes back with errors), else the draft's
    answers, else what the government knows. `parsed` is the value the self-check reads."""
    known = forms_data.prefill(applicant, site)
    saved = (draft.form_data if draft else {}).get("answers", {})
    parsed = forms_data.parse_answers(questions, typed)[0] if typed is not None else {}
    rows = []
    for q in questions:
        if typed is not None and q.name in typed:
            raw = (typed.get(q.name) or "").strip()
            value = raw if q.numeric else {"yes": True, "no": False}.get(raw)
            rows.append({"q": q, "value": value, "parsed": parsed.get(q.name), "source": ""})
            continue
        value = saved.get(q.name, known.get(q.name, (None, ""))[0])
        rows.append(
            {
                "q": q,
                "value": value,
                "parsed": value,
                "source": "" if q.name in saved else known.get(q.name, (None, ""))[1],
            }
        )
    return rows


def _draft_id(post) -> tuple[int | None, bool]:
    """(the draft the page showed or None, whether the field was mangled)."""
    raw = (post.get("draft") or "").strip()
    if not raw:
        return None, False
    if raw.isascii() and raw.isdigit() and len(raw) <= 18:
        return int(raw), False
    return None, True


def _handle_post(request, site, targets, item, bundle, questions):
    """(errors, draft) for the page to show again, or (None, cases) once submitted. Raises
    AlreadySubmitted when the page's draft was submitted meanwhile."""
    answers, errors = forms_data.parse_answers(questions, request.POST)
    method = request.POST.get("delivery") or Delivery.Method.WINDOW
    if method not in Delivery.Method.values:
        errors.append("请选择结果领取方式。")
    address = (request.POST.get("delivery_address") or "").strip()[:200]
    if method == Delivery.Method.POST and not address:
        errors.append("邮寄送达须填写收件地址。")
    draft_id, mangled = _draft_id(request.POST)
    if mangled:
        return [STALE_PAGE], None
    rows = _material_rows(targets, request.applicant, None, deferred={})
    form_data = {
        "answers": answers,
        "delivery": {"method": method, "address": address},
        "deferred": _typed_deferred(request.POST, rows),
        "committed": _typed_committed(request.POST, rows),
    }
    names = {row.material_ids[0]: row.name for row in rows}
    files = [
        (targets_material(targets, row.material_ids[0]), request.FILES[row.field_name])
        for row in rows
        if row.field_name in request.FILES
    ]
    try:
        draft, refused = applications.save_form(
            request.account,
            request.applicant,
            site,
            item=item,
            bundle=bundle,
            draft_id=draft_id,
            form_data=form_data,
            files=files,
        )
    except DomainError as exc:
        if exc.code == "already_submitted":
            raise AlreadySubmitted from exc
        return problems_of(exc), None
    errors += [f"“{names[material.pk]}”:{m}" for material, exc in refused for m in problems_of(exc)]
    if errors or request.POST.get("action") != "submit":
        return errors, draft
    case_data = {**forms_data.nest(answers), "delivery": form_data["delivery"]}
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
    case = selectors.latest_online_case(request.applicant, site, item) if item else None
    return redirect(reverse("portal:case", args=[case.number]) if case else reverse("portal:cases"))


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
    questions = forms_data.questions([v for _, v in targets])
    errors, typed = [], None
    draft = selectors.my_draft(request.applicant, site, item, bundle)
    if request.method == "POST":
        try:
            errors, result = _handle_post(request, site, targets, item, bundle, questions)
        except AlreadySubmitted:
            return _already_submitted(request, site, item)
        if errors is None:
            return redirect(
                reverse("portal:case", args=[result[0].number]) if len(result) == 1 else reverse("portal:cases")
            )
        if not errors:
            messages.success(request, "已暂存。下次登录可继续填写。")
            return redirect(request.path)
        draft, typed = result or draft, request.POST
    answers = _answers(questions, request.applicant, site, draft, typed)
    flat = {a["q"].name: a["parsed"] for a in answers if a["parsed"] is not None}
    checks = [r for _, v in targets for r in eligibility(v, forms_data.nest(flat))]
    delivery = (draft.form_data.get("delivery") if draft else None) or {"method": "window", "address": ""}
    if typed is not None:
        delivery = {"method": typed.get("delivery") or "window", "address": (typed.get("delivery_address") or "")[:200]}
    return render(
        request,
        "portal/apply.html",
        {
            "site": site,
            "title": title,
            "targets": targets,
            "bundle": bundle,
            "answers": answers,
            "errors": errors,
            "materials": _material_rows(
                targets,
                request.applicant,
                draft,
                _typed_deferred(typed, _material_rows(targets, request.applicant, None, {})) if typed else None,
            ),
            "checks": checks,
            "draft": draft,
            "delivery": delivery,
            "delivery_methods": DELIVERY_METHODS,
            "applicant": request.applicant,
            "status": 400 if errors else 200,
        },
        status=400 if errors else 200,
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def apply_item(request, site_code: str, basic_code: str):
    return _page(request, site_code, _item_targets, basic_code)
