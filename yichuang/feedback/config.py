"""Tunables of the feedback loop. Places differ (domain-facts: rectification in 5, 7 or 15
working days; 办不成事 answered within 15 working days in one province's rule), so every limit
is read from settings.YICHUANG_FEEDBACK at call time, falling back to these defaults."""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # Working days from a 差评 to its closed rectification (整改 + 回访).
    "BAD_RATING_DAYS": 5,
    # Working days from a 办不成事 report to its answer.
    "CANNOT_DO_DAYS": 15,
    # Calendar days after a case's decision during which its applicant may still rate it.
    "RATING_WINDOW_DAYS": 30,
    # Minutes a window encounter (one tablet rating) stays open after the clerk starts it.
    "ENCOUNTER_MINUTES": 5,
    # Public 办不成事 form: submissions per address ("5/hour"; "0" turns the limit off).
    "CANNOT_DO_RATE": "5/hour",
}


def get(name: str):
    return {**DEFAULTS, **getattr(settings, "YICHUANG_FEEDBACK", {})}[name]
