"""A sealed result validates in pyHanko and in poppler's pdfsig (an independent NSS-based
implementation), and one changed byte makes both fail (issue 5, done-when 1)."""

import hashlib
import io
import subprocess

import pytest
from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from yichuang.seals import services
from yichuang.seals.tests.factories import decided_case, make_seal_world
from yichuang.seals.tests.pdftools import flip_byte_in_signed_range, nss_db, pdf_text, pdfsig

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed():
    sw = make_seal_world()
    use = services.seal_case_document(decided_case(sw.world), actor=sw.world.clerk)
    with use.document.open("rb") as f:
        return sw, use, f.read()


def pyhanko_status(pdf: bytes, ca_pem: str):
    _, _, der = pem.unarmor(ca_pem.encode())
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)], allow_fetching=False)
    signature = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures[0]
    return validate_pdf_signature(signature, context)


def test_a_sealed_pdf_validates_with_pyhanko_against_our_ca(sealed):
    sw, _, pdf = sealed
    status = pyhanko_status(pdf, sw.ca.certificate_pem)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.signing_cert.sha256.hex() == sw.approval.fingerprint


def test_a_sealed_pdf_validates_with_poppler_pdfsig_once_our_ca_is_trusted(sealed, tmp_path):
    sw, _, pdf = sealed
    out = pdfsig(pdf, tmp_path / "sealed.pdf", nss_db(tmp_path / "nss", sw.ca.certificate_pem))
    assert "Signature is Valid." in out
    assert "Certificate is Trusted." in out
    assert "Total document signed" in out
    assert sw.site.name in out  # the signer is the site's approval seal


def test_one_flipped_byte_fails_pyhanko(sealed):
    sw, _, pdf = sealed
    status = pyhanko_status(flip_byte_in_signed_range(pdf), sw.ca.certificate_pem)
    assert not status.intact and not status.bottom_line


def test_one_flipped_byte_fails_pdfsig_with_a_digest_mismatch(sealed, tmp_path):
    sw, _, pdf = sealed
    out = pdfsig(
        flip_byte_in_signed_range(pdf), tmp_path / "tampered.pdf", nss_db(tmp_path / "nss", sw.ca.certificate_pem)
    )
    assert "Digest Mismatch" in out
    assert "Signature is Valid." not in out


def test_a_signature_from_another_ca_is_not_trusted_by_pdfsig(sealed, tmp_path):
    _, _, pdf = sealed
    other = services.create_ca(name="另一个CA", rotate=True)  # a CA that did not certify this seal
    out = pdfsig(pdf, tmp_path / "sealed.pdf", nss_db(tmp_path / "nss", other.certificate_pem))
    assert "Certificate is Trusted." not in out


def test_the_stored_hash_is_the_hash_of_the_sealed_file(sealed):
    _, use, pdf = sealed
    assert use.sha256 == hashlib.sha256(pdf).hexdigest()


def test_the_document_carries_site_case_number_and_printed_short_code(sealed, tmp_path):
    sw, use, pdf = sealed
    text = pdf_text(pdf, tmp_path / "doc.pdf")
    assert "给付决定书" in text and "许可" not in text and use.case_number in text and sw.site.name in text
    assert f"{use.short_code[:5]}-{use.short_code[5:]}" in text
    assert f"/verify/{use.short_code}" in text


def test_the_cjk_fonts_are_embedded(sealed, tmp_path):
    _, _, pdf = sealed
    (tmp_path / "doc.pdf").write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "doc.pdf")], capture_output=True, text=True, check=True).stdout
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(" yes yes yes " in row for row in rows)  # embedded, subset, with a Unicode map


def test_the_visible_seal_sits_on_the_page_inside_the_margins(sealed):
    _, _, pdf = sealed
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    widget = (
        reader.embedded_signatures[0].sig_field["/Kids"][0]
        if "/Kids" in reader.embedded_signatures[0].sig_field
        else reader.embedded_signatures[0].sig_field
    )
    x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
    assert round(x1 - x0) == round(y1 - y0) == round(42 / 25.4 * 72)  # a 42 mm round seal
    assert 0 < x0 < x1 < 595 and 0 < y0 < y1 < 842  # on the A4 page
