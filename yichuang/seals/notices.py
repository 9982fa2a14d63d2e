"""Notices of a case as PDFs in an official layout (R-22, R-30): 一次性告知书, 受理通知书,
不予受理通知书, 补正材料通知书, 特别程序告知书, the 行政许可决定书 (the sealed result) and
送达回证. Each carries the site's name, the date, the case number and a QR code (with the
address printed) to the citizen's public progress page.

"Stored with the case, reproducible": issuing a notice stores the PDF with the facts it was
rendered from (CaseDocument). Rendering those facts again gives the same bytes — the PDF's
dates are the notice's own date and nothing random goes into the file — so anyone can check
that a stored notice says exactly what its facts say. Issuing again with unchanged facts
returns the stored document; changed facts (a second 补正 notice) give a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.common.errors import DomainError, Problem
from yichuang.ledger import services as ledger

from . import notice_facts, selectors, wording
from .models import CaseDocument, NoticeKind
from .pdf import format_code, qr_data_uri, render_plain_pdf

TEMPLATES = {kind: f"seals/notices/{kind}.html" for kind in notice_facts.BUILDERS}


canonical = notice_facts.canonical


def render_facts(facts: dict) -> bytes:
    """The notice's PDF from its facts alone (no database read): the same facts, the same bytes."""
    kind = facts["kind"]
    context = {
        **facts,
        **wording.notice_words(facts),
        "qr": qr_data_uri(facts["progress_url"]),
        "verify_code_display": format_code(facts.get("verify_code", "")),
    }
    return render_plain_pdf(
        TEMPLATES[kind],
        context,
        title=f"{facts['title']} {facts['case_number']}",
        author=facts["site_name"],
        dated=dt.datetime.fromisoformat(facts["dated"]),
    )


def render_notice(case: Case, kind: str) -> bytes:
    """The PDF of a notice as the case stands now (not stored). The decision is the sealed
    document itself, never a re-rendering."""
    if kind == NoticeKind.DECISION:
        use = selectors.sealed_decision(case)
        if use is None:
            raise DomainError(Problem("decision_not_sealed", f"办件{case.number}的决定书尚未用印。", "kind"))
        with use.document.open("rb") as f:
            return f.read()
    return render_facts(notice_facts.facts_for(case, kind))


def issue_notice(case: Case, kind: str, actor=None) -> CaseDocument:
    """Render and store a notice (or return the stored one for the same facts), recording
    `document.generated` in the case's audit stream. Rendering happens outside the transaction
    (CPU only); the row, file and audit record are written together."""
    facts = notice_facts.facts_for(case, kind)
    facts_sha = hashlib.sha256(canonical(facts)).hexdigest()
    existing = CaseDocument.objects.filter(case=case, kind=kind, facts_sha256=facts_sha).first()
    if existing is not None:
        return existing
    pdf = render_facts(facts)
    digest = hashlib.sha256(pdf).hexdigest()
    user = actor if getattr(actor, "pk", None) else None
    try:
        with transaction.atomic():
            document = CaseDocument(
                case=case,
                kind=kind,
                sha256=digest,
                facts_sha256=facts_sha,
                facts=facts,
                short_code=facts.get("verify_code") or None,
                created_at=timezone.now(),
                created_by=user,
            )
            document.file.save(f"{case.number}-{kind}-{digest[:12]}.pdf", ContentFile(pdf), save=False)
            document.save()
            ledger.record(
                case.audit_stream,
                "document.generated",
                actor=getattr(user, "username", "system"),
                object_type="seals.CaseDocument",
                object_id=str(document.pk),
                data={"kind": kind, "sha256": digest, "facts_sha256": facts_sha},
            )
    except IntegrityError:  # another request issued the same notice a moment ago: theirs is ours
        document.file.delete(save=False)  # our copy only: the storage gave each copy its own name
        return CaseDocument.objects.get(case=case, kind=kind, facts_sha256=facts_sha)
    return document


def issued_pdf(case: Case, kind: str, actor=None) -> bytes:
    """The bytes staff download: the sealed decision, or the stored notice (issued on first use)."""
    if kind == NoticeKind.DECISION:
        return render_notice(case, kind)
    document = issue_notice(case, kind, actor)
    with document.file.open("rb") as f:
        return f.read()
