"""Result documents (准予许可决定书, 证明) as PDF: a Django template rendered by WeasyPrint with
the CJK font embedded, a QR code to the public verification page and the printed short code.

The visible seal must sit over the issuer's name and date ("下压成文日期", GB/T 9704-2012),
wherever the text flow puts them. The template marks that block with the anchor
`seal-anchor`; after layout we read the block's page and box from WeasyPrint and hand
the signer a box there, instead of guessing coordinates.
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
import logging
import threading

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .fonts import document_font
from .signers import Placement

SEAL_MM = 42  # diameter of a township body's seal (公章直径 4.2 cm)
ANCHOR = "seal-anchor"
PX_PER_MM = 96 / 25.4
PT_PER_PX = 0.75
_local = threading.local()
# Drop the per-thread WeasyPrint objects before interpreter teardown: their __del__ calls into
# module globals that are gone by then ("Exception ignored in FontConfiguration.__del__").
atexit.register(lambda: _local.__dict__.clear())
# WeasyPrint logs seven INFO lines per document; at twenty documents a second that drowns the log.
logging.getLogger("weasyprint.progress").setLevel(
    logging.WARNING
)  # WeasyPrint's font configuration is not meant to be shared across threads


@dataclasses.dataclass(frozen=True)
class RenderedDocument:
    pdf: bytes
    placement: Placement


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if len(code) == 10 else code


def verify_url(code: str) -> str:
    try:
        path = reverse("seals:verify", args=[code])
    except NoReverseMatch:  # the public page is mounted by the project's urls.py; keep its documented path
        path = f"/verify/{code}"
    return getattr(settings, "YICHUANG_PUBLIC_URL", "http://localhost:8000").rstrip("/") + path


def qr_data_uri(url: str) -> str:
    # Level M survives a crease or a stain on the printed paper. PNG, not SVG: WeasyPrint draws an
    # SVG QR code as hundreds of paths (~15 ms a document); 8 px per module prints sharp at 24 mm.
    return segno.make(url, error="m").png_data_uri(scale=8, border=0)


def chinese_date(value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_local, "fonts"):
        _local.fonts = FontConfiguration()
    return _local.fonts


def _stylesheet():
    """The documents' CSS, parsed once per thread: parsing it (and loading its @font-face)
    for every document costs more than laying out the page."""
    from weasyprint import CSS

    if not hasattr(_local, "css"):
        css = render_to_string("seals/document.css", {"fonts": font_faces()})
        _local.css = CSS(string=css, font_config=_font_config())
    return _local.css


def font_faces() -> dict:
    # One face only: every face costs a subsetting pass per document. Titles are set large in
    # the regular weight, as 公文 titles are in 小标宋, which is not a bold face either.
    return {"regular": document_font("serif", False).as_uri()}


def render_pdf(template: str, context: dict, *, title: str, author: str) -> RenderedDocument:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "anchor": ANCHOR})
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        font_config=_font_config(), stylesheets=[_stylesheet()]
    )
    document.metadata.title, document.metadata.authors = title, [author]
    placement = _seal_placement(document)
    return RenderedDocument(document.write_pdf(), placement)


def render_plain_pdf(template: str, context: dict, *, title: str, author: str, dated: dt.datetime) -> bytes:
    """A notice without a seal, byte-for-byte reproducible: the PDF's creation and modification
    dates are the document's own date (not the moment of rendering) and WeasyPrint writes no
    random file identifier, so the same template and context always give the same bytes."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        font_config=_font_config(), stylesheets=[_stylesheet()]
    )
    stamp = timezone.localtime(dated).replace(microsecond=0).isoformat()
    document.metadata.title, document.metadata.authors = title, [author]
    document.metadata.created = document.metadata.modified = stamp
    return document.write_pdf()


def _seal_placement(document) -> Placement:
    for index, page in enumerate(document.pages):
        if ANCHOR in page.anchors:
            x1, y1, x2, y2 = page.anchors[ANCHOR]  # the block's border box, CSS px from the top left
            centre_x, centre_y = (x1 + x2) / 2, (y1 + y2) / 2
            half = SEAL_MM * PX_PER_MM / 2
            # CSS pixels from the top left → PDF points from the bottom left.
            x0, x1 = (centre_x - half) * PT_PER_PX, (centre_x + half) * PT_PER_PX
            y0, y1 = (page.height - centre_y - half) * PT_PER_PX, (page.height - centre_y + half) * PT_PER_PX
            return Placement(page=index, box=(x0, y0, x1, y1))
    raise RuntimeError(f"template has no #{ANCHOR} block for the seal")
