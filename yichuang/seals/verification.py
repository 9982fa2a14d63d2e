"""Is this document genuine? (公开验证, R-42.) A document is genuine when all four hold:

1. its signature is intact and chains to our CA (checked by the backend that made it —
   pyHanko's validator for PAdES), covering the whole file;
2. the signing certificate is the seal recorded for that use;
3. the seal was valid at the recorded signing time (a later revocation or expiry does not
   undo what was sealed before it);
4. the file's SHA-256 is the one recorded when it was sealed.

The cryptographic check is a pure function of the bytes, the trust roots and the signing
time, so its result is cached by the file's hash: the public page stays fast under load.

A notice (受理通知书, 补正材料通知书 …) carries no seal: it is genuine when its exact bytes are the
ones the platform stored when it issued the notice (CaseDocument), found by the code printed on
it or by the file's hash. Only a changed file, or one the platform never issued, fails.
"""

from __future__ import annotations

import dataclasses
import hashlib

from django.core.cache import cache
from django.utils import timezone

from .documents import mask_name
from .models import CaseDocument, CertificateAuthority, SealUse
from .signers import SignatureCheck, get_signer, signer_named

CACHE_SECONDS = 3600


@dataclasses.dataclass
class Verdict:
    genuine: bool
    checks: list[tuple[str, bool]]  # (Chinese sentence, passed) in the order shown to the public
    use: SealUse | None = None
    note: str = ""
    notice: CaseDocument | None = None  # an unsealed notice the platform issued

    @property
    def facts(self) -> dict:
        if self.use:
            return self.use.facts
        return notice_public_facts(self.notice) if self.notice else {}


def notice_public_facts(document: CaseDocument) -> dict:
    """What the public page shows of a notice: no personal number, a person's name masked."""
    facts = document.facts
    natural = facts.get("applicant_number_label") == "公民身份号码"
    name = facts.get("applicant_name", "")
    return {
        "document": facts.get("title", document.get_kind_display()),
        "case_number": facts.get("case_number"),
        "item_name": facts.get("item_name"),
        "site": facts.get("site_name"),
        "issued_on": facts.get("date"),
        "applicant": mask_name(name) if natural else name,
    }


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:16]


def looks_like_pdf(data: bytes) -> bool:
    """By content, not by name or declared type: the header within the first 1 KB (as readers
    accept it) and an end-of-file marker near the end."""
    return b"%PDF-" in data[:1024] and b"%%EOF" in data[-2048:]


def _trust_roots() -> tuple[list[str], str]:
    pems = list(CertificateAuthority.objects.order_by("pk").values_list("certificate_pem", flat=True))
    return pems, hashlib.sha256("".join(pems).encode()).hexdigest()[:16]


def check_signature(pdf: bytes, digest: str, signer_name: str | None, at) -> SignatureCheck:
    signer = signer_named(signer_name) if signer_name else get_signer()
    if signer is None:
        return SignatureCheck(found=True, detail=f"未知的签章方式:{signer_name}")
    roots, roots_id = _trust_roots()
    key = f"seals:sigcheck:{signer.name}:{roots_id}:{digest}:{at.isoformat() if at else '-'}"
    result = cache.get(key)
    if result is None:
        result = signer.verify_pdf(pdf, roots, at=at)
        cache.set(key, result, CACHE_SECONDS)
    return result


def _verdict(use: SealUse | None, pdf: bytes, digest: str, code_mismatch: bool = False) -> Verdict:
    at = use.used_at if use else None
    signature = check_signature(pdf, digest, use.signer if use else None, at)
    hash_ok = use is not None and use.sha256 == digest and not code_mismatch
    seal_ok = use is not None and signature.signer_fingerprint == use.seal.fingerprint
    valid_then = use is not None and use.seal.status_at(use.used_at) == "valid"
    checks = [
        ("电子签章完整,文件签章后未被改动", signature.found and signature.intact and signature.whole_file),
        ("签章证书由本平台电子印章CA签发", signature.found and signature.trusted),
        ("签章所用印章与用印记录一致", seal_ok),
        ("用印时印章在有效期内且未注销", valid_then),
        ("文件与用印时登记的文件完全一致(SHA-256)", hash_ok),
    ]
    note = ""
    if use is not None and use.seal.status_at(timezone.now()) == "revoked" and valid_then:
        note = f"该印章已于{timezone.localtime(use.seal.revoked_at):%Y年%m月%d日}注销;本文书在注销前加盖,仍然有效。"
    return Verdict(genuine=all(ok for _, ok in checks), checks=checks, use=use, note=note)


NOTICE_NOTE = "本文书为告知类文书,依规定不加盖电子印章;其内容与本平台出具时登记的文件一致。"


def _notice_verdict(document: CaseDocument, digest: str) -> Verdict:
    same = document.sha256 == digest
    checks = [("本平台出具过该文书(已登记出具记录)", True), ("文件与出具时登记的文件完全一致(SHA-256)", same)]
    return Verdict(genuine=same, checks=checks, notice=document, note=NOTICE_NOTE if same else "")


def _use_by(**lookup) -> SealUse | None:
    return SealUse.objects.select_related("seal__site").filter(**lookup).first()


def _notice_by(**lookup) -> CaseDocument | None:
    return CaseDocument.objects.filter(**lookup).order_by("pk").first()


def _read(field) -> bytes:
    with field.open("rb") as f:
        return f.read()


def verify_code(code: str) -> Verdict | None:
    """The stored document of a short code (a sealed result, else a notice), checked as it is
    stored; None if no such code."""
    code = normalise_code(code)
    use = _use_by(short_code=code)
    if use is not None:
        pdf = _read(use.document)
        return _verdict(use, pdf, hashlib.sha256(pdf).hexdigest())
    document = _notice_by(short_code=code) if code else None
    if document is None:
        return None
    return _notice_verdict(document, hashlib.sha256(_read(document.file)).hexdigest())


def verify_upload(pdf: bytes, code: str = "") -> Verdict:
    """A file someone holds. It is ours only if its exact bytes were sealed or issued here; when
    a code is given, the file must be the document of that code."""
    digest = hashlib.sha256(pdf).hexdigest()
    use = _use_by(sha256=digest)
    if use is None:
        notice = _notice_by(sha256=digest)
        if notice is not None and (not code or notice.short_code == normalise_code(code)):
            return _notice_verdict(notice, digest)
        expected_notice = _notice_by(short_code=normalise_code(code)) if code else None
        if expected_notice is not None:  # the code is a notice's, the file is not that notice
            return _notice_verdict(expected_notice, digest)
    if code:
        expected = _use_by(short_code=normalise_code(code))
        if use is None or expected is None or use.pk != expected.pk:
            return _verdict(expected, pdf, digest, code_mismatch=True)
    return _verdict(use, pdf, digest)
