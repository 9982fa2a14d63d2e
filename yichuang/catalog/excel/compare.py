"""Has a version in the workbook changed against the one stored? Published and retired versions
must not change (invariant 3), so the importer asks where the first difference is, to report
it at its cell."""

from __future__ import annotations

from ..models import ItemVersion
from ..validation import Draft
from .columns import ITEMS, PART_SHEETS, SheetSpec
from .db import fetch
from .reading import Entry


def load_drafts(versions: list[ItemVersion]) -> dict[int, Draft]:
    drafts = {v.pk: Draft(v) for v in versions}
    for spec in PART_SHEETS:
        for part in fetch(spec.model.objects.order_by("version_id", "order", "id"), "version_id__in", drafts):
            getattr(drafts[part.version_id], spec.part).append(part)
    return drafts


def _differs(new, old, attrs, bad: set) -> str | None:
    # A cell that could not be read has its own error; it is not also a "change".
    return next((a for a in attrs if a not in bad and getattr(new, a) != getattr(old, a)), None)


def difference(e: Entry, stored: Draft) -> tuple[SheetSpec, int, str | None] | None:
    """Where the workbook's version first differs from the stored one, or None."""
    new, old = e.draft.version, stored.version
    attr = _differs(new, old, ITEMS.content, e.row.bad)
    if attr:
        return ITEMS, e.row.number, attr
    if new.department_id is not None and new.department_id != old.department_id:  # None: reported as unknown
        return ITEMS, e.row.number, "department_code"
    for spec in PART_SHEETS:
        mine, theirs, rows = getattr(e.draft, spec.part), getattr(stored, spec.part), e.part_rows.get(spec.part, [])
        for i in range(max(len(mine), len(theirs))):
            if i >= len(mine):
                return ITEMS, e.row.number, None  # the stored version has more rows of this part
            if i >= len(theirs):
                return spec, rows[i].number, "order"
            attr = _differs(mine[i], theirs[i], spec.content, rows[i].bad)
            if attr:
                return spec, rows[i].number, attr
    return None
