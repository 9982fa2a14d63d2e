"""The front door at `/` (issue 15 §1): one page from which a citizen reaches everything — the
smart guide (its box posts to the hall's smart-guide view, which answers), the guides, the
online hall, the progress query, booking, messages, 办不成事, complaints and the 12345 line."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from yichuang.catalog import selectors as catalog

from .. import selectors


@require_GET
def front_door(request):
    county = catalog.public_sites().filter(level="county").first()
    return render(
        request,
        "portal/front.html",
        {"county": county, "account": selectors.account_of(request.user), "nav": "front"},
    )
