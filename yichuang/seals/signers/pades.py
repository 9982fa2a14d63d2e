"""The default signer: PAdES baseline signatures (ETSI EN 319 142, B-B level) with pyHanko,
ECDSA P-256 / SHA-256, with the seal image as the visible signature appearance.

No timestamp authority is used (a county intranet has none by default): the signing time
in the signature is the signer's claim, and the trusted time of each use is the SealUse
record written in the same step. A TSA can be added through pyHanko's `timestamper`.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import zlib

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from PIL import Image
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp.static import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .. import pki
from . import Placement, SignatureCheck

log = logging.getLogger(__name__)
# Room for the CMS container (signature + seal and CA certificates, ~1.5 KB); fixing it skips
# pyHanko's dry-run signature that would otherwise size the container on every document.
SIGNATURE_BYTES = 8192


def _asn1_cert(pem: str) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(pki.load_pem(pem).public_bytes(serialization.Encoding.DER))


@functools.lru_cache(maxsize=64)
def _simple_signer(
    seal_code: str, certificate_pem: str, ca_pem: str, key_blob: str, key_id: str
) -> signers.SimpleSigner:
    """Decrypting the key and building the signer once per seal and process; the cache key
    holds the ciphertext, so a renewed seal never reuses an old entry."""
    key = pki.decrypt_private_key(key_blob, key_id, f"seal:{seal_code}")
    key_info = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    ca = _asn1_cert(ca_pem)
    return signers.SimpleSigner(
        signing_cert=_asn1_cert(certificate_pem),
        signing_key=key_info,
        cert_registry=SimpleCertificateStore.from_certs([ca]),
    )


@functools.lru_cache(maxsize=64)
def _seal_streams(seal_code: str, image: bytes) -> tuple[int, int, bytes, bytes]:
    """(width, height, Flate-compressed RGB, Flate-compressed alpha) of the seal image,
    compressed once per seal: pyHanko would recompress the image for every document, a third
    of the signing time."""
    picture = Image.open(io.BytesIO(image)).convert("RGBA")
    return (
        picture.width,
        picture.height,
        zlib.compress(picture.convert("RGB").tobytes()),
        zlib.compress(picture.getchannel("A").tobytes()),
    )


class _SealPicture(PdfImage):
    """The seal image as an image XObject with a soft mask, written from the cached streams."""

    def __init__(self, seal_code: str, image: bytes):
        self._streams = _seal_streams(seal_code, image)
        width, height = self._streams[:2]
        super().__init__(Image.new("L", (1, 1)), box=layout.BoxConstraints(width, height))

    def _xobject(self, color_space: str, data: bytes, smask=None):
        width, height = self._streams[:2]
        entries = {
            pdf_name("/Type"): pdf_name("/XObject"),
            pdf_name("/Subtype"): pdf_name("/Image"),
            pdf_name("/Width"): generic.NumberObject(width),
            pdf_name("/Height"): generic.NumberObject(height),
            pdf_name("/ColorSpace"): pdf_name(color_space),
            pdf_name("/BitsPerComponent"): generic.NumberObject(8),
            pdf_name("/Filter"): pdf_name("/FlateDecode"),
        }
        if smask is not None:
            entries[pdf_name("/SMask")] = smask
        return self.writer.add_object(generic.StreamObject(entries, encoded_data=data))

    @property
    def image_ref(self) -> generic.IndirectObject:
        if self._image_ref is None or self._image_ref.get_pdf_handler() is not self.writer:
            mask = self._xobject("/DeviceGray", self._streams[3])
            self._image_ref = self._xobject("/DeviceRGB", self._streams[2], smask=mask)
        return self._image_ref


class PadesSigner:
    name = "pades-ecdsa-p256"

    def sign_pdf(self, pdf: bytes, seal, placement: Placement, *, reason: str, location: str) -> bytes:
        signer = _simple_signer(
            seal.code, seal.certificate_pem, seal.authority.certificate_pem, seal.private_key, seal.key_id
        )
        field_name = f"Seal-{seal.code}"
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            reason=reason,
            location=location,
            name=seal.legend,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
        )
        style = StaticStampStyle(
            background=_SealPicture(seal.code, bytes(seal.image)),
            border_width=0,
            background_opacity=1.0,
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID,
                y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(0),
            ),
        )
        # Whole points (pyHanko's field box); width and height rounded once so the seal stays round.
        x0, y0 = round(placement.box[0]), round(placement.box[1])
        x1, y1 = x0 + round(placement.box[2] - placement.box[0]), y0 + round(placement.box[3] - placement.box[1])
        spec = fields.SigFieldSpec(sig_field_name=field_name, on_page=placement.page, box=(x0, y0, x1, y1))
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = signers.PdfSigner(meta, signer, stamp_style=style, new_field_spec=spec).sign_pdf(
            writer, bytes_reserved=SIGNATURE_BYTES
        )
        return out.getvalue()

    def verify_pdf(self, pdf: bytes, trust_roots: list[str], at: dt.datetime | None = None) -> SignatureCheck:
        try:
            reader = PdfFileReader(io.BytesIO(pdf), strict=False)
            signatures = reader.embedded_signatures
        except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:  # a damaged file is a verdict, not a 500
            return SignatureCheck(found=False, detail=f"无法读取PDF:{exc.__class__.__name__}")
        if not signatures:
            return SignatureCheck(found=False, detail="文件中没有电子签章。")
        embedded = signatures[0]
        context = ValidationContext(
            trust_roots=[_asn1_cert(p) for p in trust_roots],
            allow_fetching=False,
            revocation_mode="soft-fail",
            moment=at,
        )
        try:
            status = validate_pdf_signature(embedded, context)
        except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:  # pyHanko's errors derive from these
            log.info("signature could not be validated: %s", exc)
            return SignatureCheck(found=True, detail=f"签章无法验证:{exc.__class__.__name__}")
        cert = status.signing_cert
        return SignatureCheck(
            found=True,
            intact=bool(status.intact and status.valid),
            trusted=bool(status.trusted),
            whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE and len(signatures) == 1,
            signer_fingerprint=cert.sha256.hex() if cert is not None else "",
            signing_time=status.signer_reported_dt,
            detail=status.summary(),
        )
