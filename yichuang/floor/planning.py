"""The capacity plan of one site (R-63): per category and hour of the day, the mean arrivals
of the last weeks, the mean service time, and the windows Erlang C recommends to keep the mean
wait under the target; beside it the windows staffed (with an A or B post). A what-if adds an
item to the site's list and projects its load from that item's volume at the other sites."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.catalog.models import Item, SiteItem
from yichuang.catalog.models.choices import ServiceObject
from yichuang.org.models import Post, Site

from . import capacity, categories
from .models import Ticket

HOURS = tuple(range(8, 18))  # 08:00–18:00 covers the halls' hours and 延时办
DEFAULT_SERVICE_MINUTES = 8.0  # used for a category with no finished ticket yet
LOOKBACK_DAYS = 28


def target_minutes() -> float:
    return float(settings.YICHUANG.get("FLOOR_WAIT_TARGET_MINUTES", 10))


@dataclass
class HourRow:
    hour: int
    arrivals: dict[str, float]  # per category, mean per day in this hour
    needed: dict[str, int]
    rostered: int
    extra: float = 0.0  # the what-if item's projected arrivals in this hour

    @property
    def total_arrivals(self) -> float:
        return round(sum(self.arrivals.values()), 1)

    @property
    def total_needed(self) -> int:
        return sum(self.needed.values())

    @property
    def shortfall(self) -> int:
        return max(0, self.total_needed - self.rostered)


@dataclass
class Plan:
    site: Site
    days: int
    target: float
    service: dict[str, float]
    rows: list[HourRow] = field(default_factory=list)
    item: Item | None = None
    item_per_day: float = 0.0
    item_category: str = ""


def _service_minutes(tickets) -> dict[str, float]:
    sums: dict[str, list[float]] = defaultdict(list)
    for category, started, finished in tickets.filter(state=Ticket.State.DONE).values_list(
        "category", "started_at", "finished_at"
    ):
        if started and finished:
            sums[category].append((finished - started).total_seconds() / 60)
    return {
        c.code: round(sum(sums[c.code]) / len(sums[c.code]), 1) if sums[c.code] else DEFAULT_SERVICE_MINUTES
        for c in categories.CATEGORIES
    }


def item_volume_elsewhere(item: Item, site: Site, since: dt.date) -> float:
    """Mean cases a working day of `item` at the other sites of the same level that list it."""
    others = SiteItem.objects.filter(item=item, is_active=True, site__level=site.level).exclude(site=site)
    site_ids = list(others.values_list("site_id", flat=True))
    if not site_ids:
        return 0.0
    cases = Case.objects.filter(item_version__item=item, site_id__in=site_ids, received_at__date__gte=since).count()
    working_days = max(
        1, sum(1 for d in range((timezone.localdate() - since).days) if (since + dt.timedelta(d)).weekday() < 5)
    )
    return cases / working_days / len(site_ids)


def item_category(item: Item) -> str:
    version = item.versions.order_by("-number").first()
    return "B" if version is not None and version.service_object == ServiceObject.ENTITY else "A"


def plan(site: Site, *, item: Item | None = None, today: dt.date | None = None) -> Plan:
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=LOOKBACK_DAYS)
    tickets = Ticket.objects.filter(site=site, day__gte=since, day__lt=today)
    days = max(1, tickets.values("day").distinct().count())
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for row in tickets.values("category", "issued_at"):
        counts[(row["category"], timezone.localtime(row["issued_at"]).hour)] += 1
    service = _service_minutes(tickets)
    rostered = Post.objects.filter(window__site=site, window__is_active=True).values("window").distinct().count()
    result = Plan(site=site, days=days, target=target_minutes(), service=service)
    shape = _hour_shape(counts)
    if item is not None:
        result.item, result.item_category = item, item_category(item)
        result.item_per_day = round(item_volume_elsewhere(item, site, since), 2)
    for hour in HOURS:
        arrivals = {c.code: counts[(c.code, hour)] / days for c in categories.CATEGORIES}
        extra = result.item_per_day * shape[hour]
        if extra:
            arrivals[result.item_category] += extra
        needed = {code: capacity.windows_needed(rate, service[code], result.target) for code, rate in arrivals.items()}
        result.rows.append(HourRow(hour, {k: round(v, 1) for k, v in arrivals.items()}, needed, rostered, extra))
    return result


def _hour_shape(counts) -> dict[int, float]:
    """Each hour's share of the day's arrivals at this site (even over the hours if none yet)."""
    per_hour = {h: sum(n for (_, hour), n in counts.items() if hour == h) for h in HOURS}
    total = sum(per_hour.values())
    return {h: (per_hour[h] / total if total else 1 / len(HOURS)) for h in HOURS}


def what_if_items(site: Site):
    """Items listed at other sites of the same level but not at this one (the what-if choices)."""
    own = SiteItem.objects.filter(site=site).values("item_id")
    return (
        Item.objects.filter(site_items__site__level=site.level, site_items__is_active=True)
        .exclude(pk__in=own)
        .annotate(listed_at=Count("site_items"))
        .order_by("basic_code")
        .distinct()
    )


def chart_data(p: Plan) -> dict:
    return {
        "hours": [f"{r.hour}时" for r in p.rows],
        "series": [
            {"name": f"{c.code}类 {c.label}", "data": [r.arrivals[c.code] for r in p.rows]}
            for c in categories.CATEGORIES
        ],
        "needed": [r.total_needed for r in p.rows],
        "rostered": [r.rostered for r in p.rows],
    }
