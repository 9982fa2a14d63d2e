"""签章后端 (signer backends): what turns a PDF and a seal into a sealed PDF, and checks it.

Callers (`services`, `verification`) only ever call `get_signer()` and the two methods of
`Signer`. The backend is chosen by `settings.YICHUANG_SIGNER`, a dotted path to a class
(or a zero-argument factory) — the default is `yichuang.seals.signers.pades.PadesSigner`
(PAdES, ECDSA P-256, pyHanko).

Where an SM2 signer plugs in (GB/T 38540-2020): write a class with the same two methods —
`sign_pdf` hands the document digest to the hardware key store (密码机 / UKey, e.g. through
PKCS#11) or to the provincial e-seal signing service (省级电子印章签章服务) and embeds the
returned SM2/SM3 signature; `verify_pdf` checks such signatures — and point
YICHUANG_SIGNER at it. Nothing else changes: each SealUse records the signer's `name`, and
documents sealed by an earlier backend are checked with that backend (`signer_named`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from ..models import Seal

DEFAULT_SIGNER = "yichuang.seals.signers.pades.PadesSigner"


@dataclasses.dataclass(frozen=True)
class Placement:
    """Where the visible seal goes: a page (0-based; negative counts from the end) and a box
    (x0, y0, x1, y1) in PDF points with the origin at the page's lower left."""

    page: int
    box: tuple[float, float, float, float]


@dataclasses.dataclass(frozen=True)
class SignatureCheck:
    """What a backend found in a PDF. `genuine_signature` is the cryptographic verdict only;
    whether the seal was valid and the hash is ours is decided by `verification`."""

    found: bool
    intact: bool = False  # the signed bytes hash to what was signed
    trusted: bool = False  # the signer's certificate chains to our CA
    whole_file: bool = False  # nothing was appended after signing
    signer_fingerprint: str = ""  # SHA-256 of the signing certificate, to find our Seal
    signing_time: dt.datetime | None = None  # as reported by the signer (not a trusted timestamp)
    detail: str = ""

    @property
    def genuine_signature(self) -> bool:
        return self.found and self.intact and self.trusted and self.whole_file


@runtime_checkable
class Signer(Protocol):
    name: str

    def sign_pdf(self, pdf: bytes, seal: Seal, placement: Placement, *, reason: str, location: str) -> bytes:
        """The PDF with the seal's signature and visible seal image applied."""

    def verify_pdf(self, pdf: bytes, trust_roots: list[str], at: dt.datetime | None = None) -> SignatureCheck:
        """Check the PDF's (first) signature against the CA certificates `trust_roots` (PEM),
        as of `at` (the signing time we recorded) when known."""


@functools.lru_cache(maxsize=8)
def _load(path: str) -> Signer:
    try:
        factory = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"YICHUANG_SIGNER={path!r} cannot be imported: {exc}") from exc
    signer = factory()
    if not isinstance(signer, Signer) or not getattr(signer, "name", ""):
        raise ImproperlyConfigured(f"YICHUANG_SIGNER={path!r} does not implement the Signer interface.")
    return signer


def get_signer() -> Signer:
    """The configured backend (one instance per process: backends may cache keys or sessions)."""
    return _load(getattr(settings, "YICHUANG_SIGNER", None) or DEFAULT_SIGNER)


def signer_named(name: str) -> Signer | None:
    """The backend that made a signature recorded under `name`: the configured one or the default."""
    for signer in (get_signer(), _load(DEFAULT_SIGNER)):
        if signer.name == name:
            return signer
    return None
