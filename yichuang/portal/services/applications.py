"""Online applications: drafts, checked uploads, submission (one item or a whole life event).

Uploads are checked by content, not by the name or the browser's word: the first bytes must be
a PDF, JPEG or PNG signature. They are stored under MEDIA_ROOT (outside the static files, and
not served by URL: only the applicant's own pages stream them) with a random name; the name
the citizen gave is kept, cleaned, for display only.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from yichuang.cases import services as cases
from yichuang.catalog.models import Material
from yichuang.common.errors import DomainError, Problem
from yichuang.ledger import services as ledger

from ..models import Draft, Upload

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
UNSAFE_NAME = re.compile(r"[^\w\u4e00-\u9fff.()()\-]+")


def max_upload_bytes() -> int:
    return int(getattr(settings, "YICHUANG_PORTAL_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the file's first bytes, or None for anything else."""
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    return None


def clean_name(name: str, ext: str) -> str:
    """A display name without paths, control characters or odd punctuation, ending in the
    extension the content proved (a "photo.jpg.exe" that is a PDF becomes "photo.jpg.exe.pdf")."""
    base = unicodedata.normalize("NFKC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = UNSAFE_NAME.sub("_", base).strip("._") or "材料"
    stem = base[:-(len(ext) + 1)] if base.lower().endswith(f".{ext}") else base
    return f"{stem[:80]}.{ext}"


@transaction.atomic
def save_draft(account, applicant, site, *, item=None, bundle=None, form_data: dict) -> Draft:
    """暂存: one draft per applicant, site and item (or life event), overwritten on each save."""
    lookup = {"applicant": applicant, "site": site, "item": item, "bundle": bundle}
    draft, _ = Draft.objects.select_for_update().get_or_create(**lookup, defaults={"account": account})
    draft.form_data = form_data
    draft.save(update_fields=["form_data", "updated_at"])
    return draft


def _checked(upload, **owner) -> Upload:
    """An unsaved Upload row for a file that passed the checks (size, content), its bytes stored."""
    limit = max_upload_bytes()
    too_large = Problem("file_too_large", f"文件过大:每个文件不超过{limit // (1024 * 1024)}MB。", "file")
    if upload.size > limit:
        raise DomainError(too_large)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise DomainError(too_large)
    kind = sniff(data[:16])
    if kind is None:
        raise DomainError(Problem("file_type", "只能上传PDF、JPG或PNG文件(按文件内容检查)。", "file"))
    content_type, ext = kind
    row = Upload(**owner, content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                 original_name=clean_name(getattr(upload, "name", ""), ext))
    row.file.save(f"{secrets.token_hex(16)}.{ext}", ContentFile(data), save=False)
    return row


@transaction.atomic
def add_upload(draft: Draft, material: Material, upload) -> Upload:
    """Check and store one file for one material of the draft (replacing an earlier one)."""
    row = _checked(upload, draft=draft, applicant=draft.applicant, material=material)
    Upload.objects.filter(draft=draft, material=material).delete()
    row.save()
    return row


@transaction.atomic
def submit(draft: Draft, targets: list[tuple[object, object]], form_data: dict, submitted_by) -> list:
    """Submit the draft: one case per (site, published version) — a life event gives several, in
    one transaction, all or none. A paper is uploaded once and counts for every item of the
    life event that asks for a material of that name (一表申请, 材料只交一次)."""
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    by_name = {u.material.name: u for u in draft.uploads.select_related("material")}
    created = []
    for site, version in targets:
        mine = [m for m in version.materials.all() if m.name in by_name]
        case = cases.submit_online(site=site, version=version, applicant=draft.applicant,
                                   uploaded=[m.pk for m in mine], form_data=form_data, submitted_by=submitted_by)
        for material in mine:
            source = by_name[material.name]
            Upload.objects.create(case=case, applicant=draft.applicant, material=material, file=source.file.name,
                                  original_name=source.original_name, content_type=source.content_type,
                                  size=source.size, sha256=source.sha256)
        created.append(case)
    ledger.record(f"citizen:{draft.account_id}", "portal.submitted", actor=submitted_by.username,
                  object_type="portal.CitizenAccount", object_id=str(draft.account_id),
                  data={"cases": [c.number for c in created], "at": timezone.now().isoformat()})
    draft.uploads.all().delete()  # the rows only; the stored files now belong to the cases' rows
    draft.delete()
    return created


@transaction.atomic
def supplement(case, user, notice_material_ids: set[int], uploads_by_material: dict[int, object]) -> object:
    """补正 online: one checked file for each material of the open notice, then the case moves on."""
    missing = notice_material_ids - set(uploads_by_material)
    if missing:
        names = Material.objects.filter(pk__in=missing).values_list("name", flat=True)
        raise DomainError(Problem("supplement_incomplete", f"请上传补正告知书列出的全部材料,尚缺:{'、'.join(names)}。", "file"))
    for material_id, upload in uploads_by_material.items():
        _checked(upload, case=case, applicant=case.applicant, material=Material.objects.get(pk=material_id)).save()
    return cases.supplement_online(case, user, sorted(notice_material_ids))
