"""告知承诺书 as a PDF the applicant signs at the window: the stored text, its SHA-256 printed
under it (so the signed paper matches the record), and lines for the signature."""

from __future__ import annotations

from django.utils import timezone

from yichuang.seals.pdf import chinese_date, render_plain_pdf

from .models import Commitment


def commitment_pdf(commitment: Commitment) -> bytes:
    title, *lines = commitment.text.split("\n")
    return render_plain_pdf(
        "commitments/commitment_pdf.html",
        {
            "title": title,
            "lines": lines,
            "commitment": commitment,
            "site_name": commitment.case.site.name,
            "date": chinese_date(timezone.localtime(commitment.signed_at)),
        },
        title=f"{title} {commitment.case.number}",
        author=commitment.case.site.name,
        dated=commitment.signed_at,
    )
