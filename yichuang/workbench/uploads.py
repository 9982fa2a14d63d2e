"""What the applicant sent, for the case page and 预审 (issue 20 §3): the online form's answers
with their labels, every uploaded file (viewable in the browser), and the e-licences fetched for
the case with their identifiers.

The file view serves one Upload of one case to staff of the case's sites only (anyone else:
404, as for the case page), with the content type its bytes were checked to be at upload time
(PDF, JPEG, PNG: portal.services.applications.sniff) and never another the browser could run,
and records every view in the ledger (who, which upload; no names or numbers).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.http import FileResponse, Http404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from yichuang.cases import selectors
from yichuang.cases.models import Case
from yichuang.ledger import services as ledger
from yichuang.portal.forms_data import LABELS
from yichuang.portal.models import Upload

from .formfields import FormField, fields_for
from .views import staff_required

# What a browser may show inline: the kinds intake accepts (checked by content, not by name).
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


@dataclass(frozen=True)
class Answer:
    label: str
    value: str


def _label(path: str) -> str:
    return LABELS.get(path) or FormField(path, "text").label


def _shown(value) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    if value is None or value == "":
        return "未填写"
    return str(value)


def _flat(data: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in (data or {}).items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flat(value, f"{path}."))
        else:
            out[path] = value
    return out


def answers(case: Case) -> list[Answer]:
    """Every question the item version's form asks, in its order, with the applicant's answer
    (未填写 when blank), then anything else the form data holds (an older form's question)."""
    given = _flat(case.form_data)
    asked = [f.path for f in fields_for([r for r in case.item_version.rules.all() if r.stage == "intake"])]
    paths = asked + [p for p in given if p not in asked]
    return [Answer(_label(p), _shown(given.get(p))) for p in paths]


def uploads_by_material(case: Case) -> dict[int, list[Upload]]:
    found: dict[int, list[Upload]] = {}
    for row in Upload.objects.filter(case=case).only(
        "pk", "material_id", "original_name", "content_type", "size", "uploaded_at", "case_id"
    ):
        found.setdefault(row.material_id, []).append(row)
    return found


def applicant_sent(case: Case, materials) -> dict:
    """The case page's context for its materials part: each material row with its uploads,
    and the form's answers."""
    files = uploads_by_material(case)
    for m in materials:
        m.uploads = files.get(m.material_id, [])
    return {"answers": answers(case), "failed_rules": [r for r in case.rule_results if r.get("passed") is False]}


@require_GET
@never_cache  # personal documents: no shared cache may keep a copy
@staff_required
def upload(request, number: str, upload_id: int):
    user = selectors.staff_user(request.user)
    case = selectors.find_case(user, number)
    row = Upload.objects.filter(case=case, pk=upload_id).first() if case is not None else None
    if row is None:
        raise Http404("文件不存在")
    with transaction.atomic():
        ledger.record(
            f"views:{case.number}",
            "case.upload_viewed",
            actor=user.username,
            object_type="portal.Upload",
            object_id=str(row.pk),
            data={"case": case.number, "material": row.material_id, "sha256": row.sha256},
        )
    inline = row.content_type in INLINE_TYPES
    response = FileResponse(
        row.file.open("rb"),
        content_type=row.content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=row.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"  # the declared type, never one the browser guesses
    return response
