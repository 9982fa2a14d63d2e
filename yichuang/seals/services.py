"""Every write of the seals app: the CA, seals (issue, renew, revoke) and sealing a result.

Sealing is three steps so that slow work holds no lock: check the rules (read only), render
and sign the PDF (CPU only), then in one short transaction lock the seal row, check again
(it may have been revoked meanwhile), and write the SealUse with its audit record and
`seal.used` event. A refused attempt is written in its own transaction — SealRefusal, audit
record and `seal.misuse_refused` event — which completes before the error is raised, so the
refusal is kept even though the sealing is not. (A caller that wraps this call in its own
transaction and lets the error roll that back loses it too: call it outside, or catch.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.common.errors import Conflict, DomainError, Problem
from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event
from yichuang.org.models import Site

from . import documents, pki, rules
from .images import draw_seal
from .models import CertificateAuthority, DocumentKind, Seal, SealKind, SealRefusal, SealUse
from .pdf import render_pdf
from .signers import get_signer

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U to misread
CODE_LENGTH = 10  # 50 random bits: guessing a valid code is hopeless at any request rate
KIND_DIGIT = {SealKind.APPROVAL: "1", SealKind.ADMINISTRATIVE: "2"}
SEALING_LEVELS = {Site.Level.TOWNSHIP, Site.Level.COUNTY}  # 便民服务站 have no seals of their own


def _actor_name(actor) -> str:
    return getattr(actor, "username", None) or (actor if isinstance(actor, str) else "system")


# ---------------------------------------------------------------- CA and seals


@transaction.atomic
def create_ca(
    name: str = "一窗通电子印章CA",
    organisation: str = "一窗通政务服务平台",
    *,
    years: int = 20,
    rotate: bool = False,
    actor="system",
) -> CertificateAuthority:
    current = CertificateAuthority.objects.select_for_update().filter(is_active=True).first()
    if current and not rotate:
        raise Conflict(Problem("ca_exists", f"已有在用的印章CA“{current.name}”;如需更换请使用 --rotate。"))
    now = timezone.now()
    key = pki.new_key()
    cert = pki.make_ca_certificate(
        key, name, organisation, now - dt.timedelta(minutes=5), now + dt.timedelta(days=365 * years)
    )
    if current:  # the old CA stays for validating what it certified; it certifies nothing new
        CertificateAuthority.objects.filter(pk=current.pk).update(is_active=False)
    fingerprint = pki.fingerprint(cert)
    blob, kid = pki.encrypt_private_key(key, f"ca:{fingerprint}")
    ca = CertificateAuthority.objects.create(
        name=name,
        certificate_pem=pki.to_pem(cert),
        fingerprint=fingerprint,
        private_key=blob,
        key_id=kid,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )
    ledger.record(
        f"ca:{fingerprint[:16]}",
        "seal.ca_created",
        actor=_actor_name(actor),
        object_type="seals.CertificateAuthority",
        object_id=str(ca.pk),
        data={"fingerprint": fingerprint},
    )
    return ca


def current_seal(site: Site, kind: str) -> Seal | None:
    return (
        Seal.objects.select_related("site", "authority").filter(site=site, kind=kind, revoked_at__isnull=True).first()
    )


@transaction.atomic
def issue_seal(site: Site, kind: str, *, years: int = 3, renew: bool = False, actor="system") -> Seal:
    """制章: a key pair, a certificate from the active CA and the seal image."""
    if site.level not in SEALING_LEVELS:
        raise DomainError(
            Problem("seal_site_level", f"{site}是村(社区)便民服务站,不单独刻制印章,使用所属便民服务中心的印章。")
        )
    ca = CertificateAuthority.objects.filter(is_active=True).first()
    if ca is None:
        raise DomainError(Problem("ca_missing", "尚未建立印章CA,请先运行 yichuang create_ca。"))
    Site.objects.select_for_update().filter(pk=site.pk).first()  # serialise issuing for one site
    old = current_seal(site, kind)
    if old and not renew:
        raise Conflict(Problem("seal_exists", f"{old}仍在使用;换发新章请使用 renew。"))
    if old:
        _revoke(old, "换发新章", actor)
    now = timezone.now()
    number = Seal.objects.filter(site=site, kind=kind).count() + 1
    code = f"{site.code}{KIND_DIGIT[SealKind(kind)]}{number:02d}"
    label = SealKind(kind).label
    key = pki.new_key()
    ca_key = pki.decrypt_private_key(ca.private_key, ca.key_id, ca.aad)
    not_after = min(now + dt.timedelta(days=365 * years), ca.not_after)
    cert = pki.make_seal_certificate(
        ca_key,
        pki.load_pem(ca.certificate_pem),
        key.public_key(),
        common_name=f"{site.name}{label}"[:64],
        organisation=site.name[:64],
        unit=label,
        not_before=now - dt.timedelta(minutes=5),
        not_after=not_after,
    )
    blob, kid = pki.encrypt_private_key(key, f"seal:{code}")
    image = draw_seal(site.name, label if kind == SealKind.APPROVAL else "", code)
    seal = Seal.objects.create(
        site=site,
        kind=kind,
        code=code,
        authority=ca,
        certificate_pem=pki.to_pem(cert),
        fingerprint=pki.fingerprint(cert),
        private_key=blob,
        key_id=kid,
        image=image,
        valid_from=cert.not_valid_before_utc,
        valid_until=cert.not_valid_after_utc,
    )
    facts = {
        "site": site.code,
        "kind": kind,
        "valid_until": seal.valid_until.isoformat(),
        "fingerprint": seal.fingerprint,
    }
    ledger.record(
        f"seal:{code}",
        Event.SEAL_ISSUED.value,
        actor=_actor_name(actor),
        object_type="seals.Seal",
        object_id=code,
        data=facts,
    )
    ledger.emit(Event.SEAL_ISSUED, {"seal": code, **facts}, key=code)
    return seal


def issue_site_seals(site: Site, *, years: int = 3, actor="system") -> list[Seal]:
    """The two seals of a centre that lacks them; existing seals are left alone."""
    return [
        issue_seal(site, kind, years=years, actor=actor) for kind in SealKind.values if not current_seal(site, kind)
    ]


def _revoke(seal: Seal, reason: str, actor) -> None:
    seal.revoked_at, seal.revocation_reason = timezone.now(), reason.strip()
    seal.save(update_fields=["revoked_at", "revocation_reason"])
    ledger.record(
        f"seal:{seal.code}",
        Event.SEAL_REVOKED.value,
        actor=_actor_name(actor),
        object_type="seals.Seal",
        object_id=seal.code,
        data={"reason": seal.revocation_reason},
    )
    ledger.emit(
        Event.SEAL_REVOKED, {"seal": seal.code, "site": seal.site.code, "reason": seal.revocation_reason}, key=seal.code
    )


@transaction.atomic
def revoke_seal(seal: Seal, reason: str, actor="system") -> Seal:
    """注销: the seal signs nothing more; what it sealed before stays genuine."""
    if not (reason or "").strip():
        raise DomainError(Problem("reason_required", "注销印章须说明原因。", "reason"))
    seal = Seal.objects.select_for_update().select_related("site").get(pk=seal.pk)
    if seal.revoked_at is not None:
        raise Conflict(Problem("seal_already_revoked", "该印章已注销。"))
    _revoke(seal, reason, actor)
    return seal


# ---------------------------------------------------------------- sealing a result


def new_short_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _refuse(problem: Problem, *, seal: Seal | None, site: Site | None, case: Case, kind: str, actor) -> DomainError:
    """Write the refusal (its own transaction, committed before the caller sees the error)."""
    stream = f"seal:{seal.code}" if seal else f"site-seals:{site.code if site else 'none'}"
    data = {
        "code": problem.code,
        "case": case.number,
        "document_kind": kind,
        "seal": seal.code if seal else "",
        "site": site.code if site else "",
    }
    with transaction.atomic():
        SealRefusal.objects.create(
            seal=seal,
            site=site,
            case_number=case.number,
            document_kind=kind,
            code=problem.code,
            message=problem.message[:300],
            actor_name=_actor_name(actor),
            refused_at=timezone.now(),
        )
        ledger.record(
            stream,
            Event.SEAL_MISUSE_REFUSED.value,
            actor=_actor_name(actor),
            object_type="seals.Seal",
            object_id=seal.code if seal else "",
            data=data,
        )
        ledger.emit(
            Event.SEAL_MISUSE_REFUSED,
            {**data, "message": problem.message, "actor": _actor_name(actor)},
            key=seal.code if seal else case.number,
        )
    return DomainError(problem)


def _load_case(case: Case) -> Case:
    return Case.objects.select_related(
        "home_site", "item_version__department__site", "applicant", "escalation__to_site", "escalation__department"
    ).get(pk=case.pk)


def seal_case_document(
    case: Case, document_kind: str = DocumentKind.DECISION, *, actor=None, seal: Seal | None = None
) -> SealUse:
    """出具并加盖审批专用章: generate the result PDF of `case` and seal it with `seal` (by
    default the approving site's current approval seal). `actor` is the staff member, or None
    when the system seals on an event."""
    case = _load_case(case)
    deciding = rules.deciding_site(case)
    seal = seal or current_seal(deciding, SealKind.APPROVAL)
    if seal is None:
        raise _refuse(
            Problem("seal_missing", f"{deciding}尚未刻制审批专用章。", "seal"),
            seal=None,
            site=deciding,
            case=case,
            kind=document_kind,
            actor=actor,
        )
    problem = rules.misuse(seal, document_kind, case, actor, timezone.now())
    if problem:
        raise _refuse(problem, seal=seal, site=seal.site, case=case, kind=document_kind, actor=actor)

    code = new_short_code()
    title = documents.title_for(case, document_kind)
    rendered = render_pdf(
        documents.template_for(case, document_kind),
        documents.template_context(case, document_kind, seal, code),
        title=f"{title} {case.number}",
        author=seal.site.name,
    )
    signer = get_signer()
    sealed = signer.sign_pdf(rendered.pdf, seal, rendered.placement, reason=title, location=seal.site.name)
    use = _record_use(case, document_kind, seal, actor, code, sealed, signer.name)
    if isinstance(use, Problem):
        raise _refuse(use, seal=seal, site=seal.site, case=case, kind=document_kind, actor=actor)
    return use


def _record_use(case: Case, kind: str, seal: Seal, actor, code: str, pdf: bytes, signer_name: str) -> SealUse | Problem:
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        locked = Seal.objects.select_for_update().select_related("site", "authority").get(pk=seal.pk)
        now = timezone.now()
        problem = rules.seal_current(locked, kind, case, actor, now)
        if problem:
            return problem  # nothing written here; the caller records the refusal
        use = SealUse(
            seal=locked,
            case=case,
            case_number=case.number,
            document_kind=kind,
            short_code=code,
            sha256=digest,
            signer=signer_name,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=_actor_name(actor),
            used_at=now,
            facts=documents.public_facts(case, kind, locked),
        )
        use.document.save(f"{code}.pdf", ContentFile(pdf), save=False)
        use.save()
        data = {"case": case.number, "document_kind": kind, "sha256": digest, "short_code": code, "seal": seal.code}
        ledger.record(
            f"seal:{seal.code}",
            Event.SEAL_USED.value,
            actor=use.actor_name,
            object_type="seals.SealUse",
            object_id=code,
            data=data,
        )
        ledger.emit(Event.SEAL_USED, {**data, "site": locked.site.code}, key=case.number)
    return use
