"""告知承诺书 as a PDF the applicant signs at the window: the stored text, its SHA-256 printed
under it (so the signed paper matches the record), and lines for the signature."""

from __future__ import annotations

from django.utils import timezone

from yichuang.seals.notice_facts import progress_url
from yichuang.seals.pdf import chinese_date, qr_data_uri, render_plain_pdf

from .models import Commitment


def commitment_pdf(commitment: Commitment) -> bytes:
    title, *lines = commitment.text.split("\n")
    return render_plain_pdf(
        "commitments/commitment_pdf.html",
        {
            "title": title,
            "lines": lines,
            "commitment": commitment,
            # four groups of sixteen: a line breaks between them, and a person compares them by eye
            "hash_groups": " ".join(commitment.text_sha256[i : i + 16] for i in range(0, 64, 16)),
            "progress_url": progress_url(commitment.case.number),
            "qr": qr_data_uri(progress_url(commitment.case.number)),
            "site_name": commitment.case.site.name,
            "date": chinese_date(timezone.localtime(commitment.signed_at)),
        },
        title=f"{title} {commitment.case.number}",
        author=commitment.case.site.name,
        dated=commitment.signed_at,
    )
