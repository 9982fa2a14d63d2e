"""Online applications: drafts, checked uploads, submission (one item or a whole life event).

Uploads are checked by content, not by the name or the browser's word: the first bytes must be
a PDF, JPEG or PNG signature. They are stored under MEDIA_ROOT (outside the static files, and
not served by URL: only the applicant's own pages stream them) with a random name; the name
the citizen gave is kept, cleaned, for display only.

Files and rows live and die together (issue 13): a file written in a transaction that rolls back
is deleted again, a file whose last row is deleted (a replaced upload, a leftover of a submitted
draft) is deleted once the deletion commits, and a draft holds a bounded number and size of
files, written a bounded number of times an hour. A draft submits once: the submit locks it, and
a draft already submitted (gone) is refused as "已提交", never made again.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from yichuang.cases import services as cases
from yichuang.catalog.models import Material
from yichuang.common.errors import Conflict, DomainError, Problem
from yichuang.ledger import services as ledger

from .. import limits
from ..models import Draft, Upload
from . import materials

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# A draft asks for a handful of papers (a life event for a dozen or so): these bound what one
# draft can put on the disk however often it re-uploads.
DEFAULT_DRAFT_MAX_FILES = 30
DEFAULT_DRAFT_MAX_BYTES = 100 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
UNSAFE_NAME = re.compile(r"[^\w\u4e00-\u9fff.()()\-]+")


def max_upload_bytes() -> int:
    return int(getattr(settings, "YICHUANG_PORTAL_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def _draft_limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "YICHUANG_PORTAL_DRAFT_MAX_FILES", DEFAULT_DRAFT_MAX_FILES)),
        int(getattr(settings, "YICHUANG_PORTAL_DRAFT_MAX_BYTES", DEFAULT_DRAFT_MAX_BYTES)),
    )


def already_submitted() -> Conflict:
    return Conflict(Problem("already_submitted", "该申请已提交,请勿重复提交。", "draft"))


@contextmanager
def _files_kept_only_if_committed():
    """One transaction for rows and the files they name: if it rolls back, the files written in
    it are deleted again (the database forgets them, so the disk must too). Callers must be the
    outermost transaction: Django has no hook for an outer rollback after this block succeeded."""
    written: list[tuple[object, str]] = []
    try:
        with transaction.atomic():
            yield written
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


def _forget_files(storage, names) -> None:
    """Delete, once the transaction commits, the files no row names any more (a case's rows
    share the draft's files, so only a file nobody references goes)."""
    for name in set(names) - set(Upload.objects.filter(file__in=list(names)).values_list("file", flat=True)):
        transaction.on_commit(partial(storage.delete, name), robust=True)


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
    stem = base[: -(len(ext) + 1)] if base.lower().endswith(f".{ext}") else base
    return f"{stem[:80]}.{ext}"


@transaction.atomic
def save_draft(account, applicant, site, *, item=None, bundle=None, form_data: dict) -> Draft:
    """暂存: one draft per applicant, site and item (or life event), overwritten on each save."""
    lookup = {"applicant": applicant, "site": site, "item": item, "bundle": bundle}
    draft, _ = Draft.objects.select_for_update().get_or_create(**lookup, defaults={"account": account})
    draft.form_data = form_data
    draft.save(update_fields=["form_data", "updated_at"])
    return draft


def _checked(upload, written: list, **owner) -> Upload:
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
    row = Upload(
        **owner,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=clean_name(getattr(upload, "name", ""), ext),
    )
    row.file.save(f"{secrets.token_hex(16)}.{ext}", ContentFile(data), save=False)
    written.append((row.file.storage, row.file.name))  # deleted again if the transaction rolls back
    return row


def _within_draft_limits(draft: Draft, material: Material, size: int) -> None:
    """Before anything is written: the draft's files, counting this one instead of the one it
    replaces, stay within the count and total size; and re-uploads are limited per hour."""
    max_files, max_bytes = _draft_limits()
    if limits.retry_after("PORTAL_UPLOAD_DRAFT_RATE", f"draft:{draft.pk}"):
        raise DomainError(Problem("too_many_uploads", "上传过于频繁,请稍后再上传。", "file"))
    others = Upload.objects.filter(draft=draft).exclude(material=material).aggregate(n=Count("pk"), total=Sum("size"))
    if others["n"] + 1 > max_files:
        raise DomainError(Problem("draft_too_many_files", f"一份申请最多上传{max_files}个文件。", "file"))
    if (others["total"] or 0) + size > max_bytes:
        raise DomainError(
            Problem("draft_too_large", f"一份申请的材料合计不超过{max_bytes // (1024 * 1024)}MB。", "file")
        )


def _store(draft: Draft, material: Material, upload, written: list) -> Upload:
    _within_draft_limits(draft, material, upload.size)
    row = _checked(upload, written, draft=draft, applicant=draft.applicant, material=material)
    replaced = list(Upload.objects.filter(draft=draft, material=material))
    Upload.objects.filter(pk__in=[u.pk for u in replaced]).delete()
    row.save()
    _forget_files(row.file.storage, [u.file.name for u in replaced])
    return row


def add_upload(draft: Draft, material: Material, upload) -> Upload:
    """Check and store one file for one material of the draft (replacing an earlier one)."""
    with _files_kept_only_if_committed() as written:
        draft = Draft.objects.select_for_update().get(pk=draft.pk)  # the limits count this draft's files
        return _store(draft, material, upload, written)


def save_form(
    account,
    applicant,
    site,
    *,
    item=None,
    bundle=None,
    draft_id: int | None,
    form_data: dict,
    files: list[tuple[Material, object]],
) -> tuple[Draft, list[tuple[Material, DomainError]]]:
    """暂存 the answers and the files, in one transaction, into the draft the page showed
    (draft_id) or, when the page showed none, the applicant's one draft for this item. A page's
    draft that is gone was submitted meanwhile: refused as already submitted, never made again.
    A refused file does not stop the others; its problem is returned."""
    with _files_kept_only_if_committed() as written:
        if draft_id is None:
            draft = save_draft(account, applicant, site, item=item, bundle=bundle, form_data=form_data)
        else:
            draft = (
                Draft.objects.select_for_update()
                .filter(pk=draft_id, applicant=applicant, site=site, item=item, bundle=bundle)
                .first()
            )
            if draft is None:
                raise already_submitted()
            draft.form_data = form_data
            draft.save(update_fields=["form_data", "updated_at"])
        refused = []
        for material, upload in files:
            try:
                _store(draft, material, upload, written)
            except DomainError as exc:  # refused before anything was written
                refused.append((material, exc))
        return draft, refused


@transaction.atomic
def submit(draft: Draft | int, targets: list[tuple[object, object]], form_data: dict, submitted_by) -> list:
    """Submit the draft: one case per (site, published version) — a life event gives several, in
    one transaction, all or none. A paper is uploaded once and counts for every item of the
    life event that asks for a material of that name (一表申请, 材料只交一次). The draft row is
    locked first, so parallel submits of one draft queue behind the first, find it gone and are
    refused as already submitted."""
    draft = Draft.objects.select_for_update().filter(pk=getattr(draft, "pk", draft)).first()
    if draft is None:
        raise already_submitted()
    uploads = list(draft.uploads.select_related("material"))
    by_name = {u.material.name: u for u in uploads}
    deferred = draft.form_data.get("deferred") or {}
    committed = set(draft.form_data.get("committed") or [])  # 告知承诺, accepted online
    problems = materials.missing(targets, draft.applicant, set(by_name) | committed, deferred)
    if problems:  # nothing is submitted: every missing paper is named at once
        raise DomainError(problems)
    created, used = [], set()
    for site, version in targets:
        mine = [m for m in version.materials.all() if m.name in by_name]
        case = cases.submit_online(
            site=site,
            version=version,
            applicant=draft.applicant,
            uploaded=[m.pk for m in mine],
            deferred=materials.deferred_inputs(version, set(by_name), deferred),
            committed=[m.pk for m in version.materials.all() if m.name in committed and m.name not in by_name],
            form_data=form_data,
            submitted_by=submitted_by,
        )
        for material in mine:
            source = by_name[material.name]
            used.add(source.pk)
            Upload.objects.create(
                case=case,
                applicant=draft.applicant,
                material=material,
                file=source.file.name,
                original_name=source.original_name,
                content_type=source.content_type,
                size=source.size,
                sha256=source.sha256,
            )
        created.append(case)
    ledger.record(
        f"citizen:{draft.account_id}",
        "portal.submitted",
        actor=submitted_by.username,
        object_type="portal.CitizenAccount",
        object_id=str(draft.account_id),
        data={"cases": [c.number for c in created], "at": timezone.now().isoformat()},
    )
    draft.uploads.all().delete()  # the rows only; the stored files now belong to the cases' rows
    draft.delete()
    if uploads:  # a paper no item asks for any more (a newer version) would stay on disk unnamed
        _forget_files(uploads[0].file.storage, [u.file.name for u in uploads if u.pk not in used])
    return created


def supplement(case, user, notice_material_ids: set[int], uploads_by_material: dict[int, object]) -> object:
    """补正 online: one checked file for each material of the open notice, then the case moves on.
    If the case cannot move, the transaction rolls back and the files written go with it."""
    missing = notice_material_ids - set(uploads_by_material)
    if missing:
        names = Material.objects.filter(pk__in=missing).values_list("name", flat=True)
        raise DomainError(
            Problem("supplement_incomplete", f"请上传补正告知书列出的全部材料,尚缺:{'、'.join(names)}。", "file")
        )
    with _files_kept_only_if_committed() as written:
        for material_id, upload in uploads_by_material.items():
            material = Material.objects.get(pk=material_id)
            _checked(upload, written, case=case, applicant=case.applicant, material=material).save()
        return cases.supplement_online(case, user, sorted(notice_material_ids))
