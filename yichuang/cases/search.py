"""Case search (办件查询) for staff: by case number or its tail, applicant name, ID number,
phone tail, item, state, receiving dates and site — always inside the user's sites
(selectors.visible_cases), newest first, a page at a time.

Pages are cut by keyset (received_at, pk), not OFFSET: page 500 costs what page 1 costs, and a
case received while someone pages does not shift the rows under them. Every criterion is served
by an index (migration cases 0005, people 0003): tails by an index on the reversed text (a tail is
the prefix of the reversed string), names by a prefix index, ID numbers by the unique indexes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Reverse
from django.utils import timezone

from yichuang.catalog.models import ItemVersion
from yichuang.people.models import Applicant

from . import selectors
from .models import Case

PAGE_ROWS = 20
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Criteria:
    """What the staff member asked for; empty fields do not filter. Values arrive cleaned
    (workbench.search.SearchForm): the ID number upper-case, tails digits only."""

    number: str = ""
    name: str = ""
    id_number: str = ""
    phone_tail: str = ""
    item: str = ""
    state: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    site_id: int | None = None

    def is_empty(self) -> bool:
        return not any(
            (
                self.number,
                self.name,
                self.id_number,
                self.phone_tail,
                self.item,
                self.state,
                self.received_from,
                self.received_to,
                self.site_id,
            )
        )


@dataclass(frozen=True)
class Page:
    rows: list[Case]
    next_cursor: str | None  # None on the last page


def encode_cursor(case: Case) -> str:
    micros = (case.received_at - EPOCH) // dt.timedelta(microseconds=1)
    return f"{micros}.{case.pk}"


def decode_cursor(cursor: str) -> tuple[dt.datetime, int] | None:
    """The (received_at, pk) a cursor names, or None for anything that is not a cursor."""
    micros, dot, pk = (cursor or "").partition(".")
    if not (dot and micros.lstrip("-").isdigit() and pk.isdigit()):
        return None
    try:
        return EPOCH + dt.timedelta(microseconds=int(micros)), int(pk)
    except OverflowError:
        return None


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _applicants(c: Criteria) -> QuerySet[Applicant] | None:
    """The applicants the person criteria name (a subquery), or None when none is given."""
    if not (c.name or c.id_number or c.phone_tail):
        return None
    qs = Applicant.objects.all()
    if c.id_number:
        qs = qs.filter(
            Q(kind=Applicant.Kind.NATURAL, citizen_id=c.id_number)
            | Q(kind=Applicant.Kind.LEGAL, credit_code=c.id_number)
        )
    if c.name:
        qs = qs.filter(name__startswith=c.name)
    if c.phone_tail:
        qs = qs.annotate(phone_reversed=Reverse("phone")).filter(phone_reversed__startswith=c.phone_tail[::-1])
    return qs.values("pk")


def matching(user, c: Criteria) -> QuerySet[Case]:
    """Every visible case that meets the criteria (unordered, unsliced)."""
    qs = selectors.visible_cases(user)
    if c.number:  # a whole number is its own tail
        qs = qs.annotate(number_reversed=Reverse("number")).filter(number_reversed__startswith=c.number[::-1])
    applicants = _applicants(c)
    if applicants is not None:
        qs = qs.filter(applicant_id__in=applicants)
    if c.item:
        versions = ItemVersion.objects.filter(Q(name__contains=c.item) | Q(item__basic_code=c.item)).values("pk")
        qs = qs.filter(item_version_id__in=versions)
    if c.state:
        qs = qs.filter(state=c.state)
    if c.received_from:
        qs = qs.filter(received_at__gte=_day_start(c.received_from))
    if c.received_to:
        qs = qs.filter(received_at__lt=_day_start(c.received_to + dt.timedelta(days=1)))
    if c.site_id:
        qs = qs.filter(Q(site_id=c.site_id) | Q(home_site_id=c.site_id))
    return qs


def search(user, criteria: Criteria, after: str | None = None, rows: int = PAGE_ROWS) -> Page:
    """One page of matches, newest received first, starting after the cursor (a case the
    previous page ended with). A cursor that does not parse starts from the first page."""
    qs = matching(user, criteria)
    position = decode_cursor(after) if after else None
    if position:
        at, pk = position
        qs = qs.filter(Q(received_at__lt=at) | Q(received_at=at, pk__lt=pk))
    found = list(
        qs.select_related("site", "home_site", "item_version", "applicant")
        .only(
            "number",
            "state",
            "received_at",
            "site__name",
            "home_site__name",
            "item_version__name",
            "applicant__kind",
            "applicant__name",
            "applicant__citizen_id",
            "applicant__credit_code",
            "applicant__phone",
        )
        .order_by("-received_at", "-pk")[: rows + 1]
    )
    more = len(found) > rows
    found = found[:rows]
    return Page(found, encode_cursor(found[-1]) if more else None)
