"""What the item form (apply.py) and the life-event form (bundle_apply.py) share: the materials
rows (one per distinct paper, 容缺 where allowed, fetched from the licence store where it can be),
the delivery block, the uploaded files, the rule answers and the self-check. The templates share
the same blocks as includes (portal/_apply_*.html)."""

from __future__ import annotations

from dataclasses import dataclass, field

from yichuang.cases.models import Delivery
from yichuang.cases.services.online import eligibility
from yichuang.catalog.models import Material

from .. import forms_data
from ..services import materials as material_rules

DELIVERY_METHODS = Delivery.Method.choices
STALE_PAGE = "页面已过期,请刷新页面后重新填写提交。"
WINDOW = {"method": Delivery.Method.WINDOW.value, "address": ""}


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


def material_rows(targets, applicant, draft, deferred=None) -> list[MaterialRow]:
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


def typed_committed(post, rows) -> list[str]:
    """告知承诺 accepted on the page under the citizen's real-name login: the materials' names."""
    return [row.name for row in rows if row.committable and post.get(f"commit_{row.material_ids[0]}") == "yes"]


def typed_deferred(post, rows) -> dict[str, str]:
    """容缺 declared on the page: name → the promise date as typed (checked at submission)."""
    return {
        row.name: (post.get(f"promise_{row.material_ids[0]}") or "").strip()[:10]
        for row in rows
        if row.deferrable and post.get(f"defer_{row.material_ids[0]}") == "yes"
    }


def shown_materials(targets, applicant, draft, typed) -> list[MaterialRow]:
    """The rows as the page shows them: with the 容缺 typed when the page comes back with errors."""
    if typed is None:
        return material_rows(targets, applicant, draft)
    return material_rows(targets, applicant, draft, typed_deferred(typed, material_rows(targets, applicant, None, {})))


def uploaded_files(request, targets, rows) -> list[tuple[Material, object]]:
    by_id = {m.pk: m for _, version in targets for m in version.materials.all()}
    return [
        (by_id[row.material_ids[0]], request.FILES[row.field_name]) for row in rows if row.field_name in request.FILES
    ]


def refused_uploads(rows, refused, problems_of) -> list[str]:
    names = {row.material_ids[0]: row.name for row in rows}
    return [f"“{names[material.pk]}”:{m}" for material, exc in refused for m in problems_of(exc)]


def parse_delivery(post, errors: list[str]) -> dict[str, str]:
    """The delivery chosen; a bad choice or a post without an address adds a Chinese error."""
    method = post.get("delivery") or Delivery.Method.WINDOW
    if method not in Delivery.Method.values:
        errors.append("请选择结果领取方式。")
    address = (post.get("delivery_address") or "").strip()[:200]
    if method == Delivery.Method.POST and not address:
        errors.append("邮寄送达须填写收件地址。")
    return {"method": method, "address": address}


def shown_delivery(draft, typed) -> dict[str, str]:
    if typed is not None:
        return {"method": typed.get("delivery") or "window", "address": (typed.get("delivery_address") or "")[:200]}
    return (draft.form_data.get("delivery") if draft else None) or dict(WINDOW)


def draft_id(post) -> tuple[int | None, bool]:
    """(the draft the page showed or None, whether the field was mangled)."""
    raw = (post.get("draft") or "").strip()
    if not raw:
        return None, False
    if raw.isascii() and raw.isdigit() and len(raw) <= 18:
        return int(raw), False
    return None, True


def answers(questions, applicant, site, draft, typed=None) -> list[dict]:
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


def checks(targets, rows) -> list:
    """受理条件自查 of every item against the answers shown."""
    flat = {a["q"].name: a["parsed"] for a in rows if a["parsed"] is not None}
    return [r for _, v in targets for r in eligibility(v, forms_data.nest(flat))]


def page_context(request, site, targets, draft, typed, questions) -> dict:
    """What both forms' shared blocks read."""
    rows = answers(questions, request.applicant, site, draft, typed)
    return {
        "site": site,
        "targets": targets,
        "answers": rows,
        "checks": checks(targets, rows),
        "materials": shown_materials(targets, request.applicant, draft, typed) if targets else [],
        "draft": draft,
        "delivery": shown_delivery(draft, typed),
        "delivery_methods": DELIVERY_METHODS,
        "applicant": request.applicant,
    }
