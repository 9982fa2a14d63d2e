"""Case numbers: <site code>-<yyyymmdd>-<daily sequence>, e.g. 331199101000-20261124-0007.
Readable at the window, unique, and safe under concurrency (the day's counter row is locked)."""
from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from ..models import CaseSequence


def next_case_number(site, day: dt.date) -> str:
    row = CaseSequence.objects.select_for_update().filter(site=site, day=day).first()
    if row is None:
        try:
            with transaction.atomic():
                row = CaseSequence.objects.create(site=site, day=day)
        except IntegrityError:  # created concurrently: wait for that transaction's lock
            row = CaseSequence.objects.select_for_update().get(site=site, day=day)
    row.last += 1
    CaseSequence.objects.filter(pk=row.pk).update(last=row.last)
    return f"{site.code}-{day:%Y%m%d}-{row.last:04d}"
