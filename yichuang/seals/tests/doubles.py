"""Test doubles for the signer seam. Not a second signing implementation: they record what
callers hand a backend and return a marker, to prove that a backend named in
YICHUANG_SIGNER (as an SM2 signer will be) is used without any caller changing."""

from yichuang.seals.models import Seal
from yichuang.seals.signers import SignatureCheck

MARKER = b"\n%recording-signer "


class RecordingSigner:
    name = "recording-double"
    signed: list = []
    verified: list = []

    def sign_pdf(self, pdf, seal, placement, *, reason, location):
        RecordingSigner.signed.append(
            {
                "seal": seal.code,
                "placement": placement,
                "reason": reason,
                "location": location,
                "is_pdf": pdf.startswith(b"%PDF-"),
            }
        )
        return pdf + MARKER + seal.code.encode() + b"\n"

    def verify_pdf(self, pdf, trust_roots, at=None):
        RecordingSigner.verified.append({"roots": len(trust_roots), "at": at})
        marked = MARKER in pdf
        code = pdf.rsplit(MARKER, 1)[-1].strip().decode() if marked else ""
        seal = Seal.objects.filter(code=code).first()
        return SignatureCheck(
            found=marked,
            intact=marked,
            trusted=marked,
            whole_file=marked,
            signer_fingerprint=seal.fingerprint if seal else "",
        )


class NotASigner:
    name = "broken"
