"""成绩单 (R-54): sums of rollup rows per county / site / window / staff / item / month over a
period. Whole months are read from the month rows, the ragged edges from the day rows, so a
year costs twelve rows per key instead of 365. Both tables are indexed by (site_id, day)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from yichuang.catalog.models import ItemVersion
from yichuang.org.models import Site, User, Window

from . import params as params_mod
from .access import descendants
from .models import METRICS, DailyCube, DailyRollup, MonthlyCube, MonthlyRollup
from .targets import BY_METRIC

DIMENSIONS = {
    "county": "县(市、区)",
    "site": "站点",
    "window": "窗口",
    "staff": "工作人员",
    "item": "事项",
    "month": "月份",
}
PUBLIC_DIMENSIONS = ("site", "item", "month")  # never staff or window on the public page
RATES = {
    "on_time_rate": ("按时办结率", "on_time", "completed"),
    "instant_share": ("即办件占比", "instant", "accepted"),
    "online_share": ("网上申请占比", "online", "received"),
    "one_visit_share": ("“最多跑一次”占比", "one_visit", "completed"),
    "reuse_share": ("材料免提交(证照复用)占比", "materials_reused", "materials_total"),
    "satisfaction_rate": ("满意率", "satisfied", "evaluations"),
    "rectification_rate": ("差评整改率", "tickets_closed", "tickets_opened"),
}
AVERAGES = {
    "avg_used_days": ("平均办理用时(工作日)", "used_days", "completed"),
    "avg_promised_days": ("平均承诺时限(工作日)", "promised_days", "completed"),
    "avg_visits": ("平均跑动次数", "visits", "completed"),
    "avg_score": ("平均评价分(5分制)", "satisfaction_points", "evaluations"),
}


@dataclass(frozen=True)
class Query:
    start: dt.date
    end: dt.date
    site_ids: frozenset[int]
    by: str = "site"
    item_id: int | None = None


@dataclass
class Scorecard:
    query: Query
    rows: list[dict] = field(default_factory=list)
    total: dict = field(default_factory=dict)


def parse_query(params, allowed_site_ids: set[int], *, public: bool = False) -> Query:
    """Query-string → Query. Dates and the item are checked by `params` (a bad one raises
    DomainError: 400 on every caller); unknown dimensions or sites fall back to safe defaults
    (never widen the sites beyond what the viewer may see)."""
    start, end = params_mod.period(params)
    item = params_mod.optional_id(params, "item", "事项")
    dims = PUBLIC_DIMENSIONS if public else tuple(DIMENSIONS)
    by = params.get("by") if params.get("by") in dims else "site"
    sites = set(allowed_site_ids)
    code = params.get("site")
    if code:
        sites &= descendants(set(Site.objects.filter(code=code).values_list("pk", flat=True)))
    return Query(start, end, frozenset(sites), by, item)


def default_query(allowed_site_ids: set[int]) -> Query:
    """This year to date by site: what a page shows under the message about a bad query."""
    return parse_query({}, allowed_site_ids)


def _month_after(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _pieces(start: dt.date, end: dt.date):
    """(monthly?, first, last) ranges covering [start, end]: days at the edges, months inside."""
    first_full = start if start.day == 1 else _month_after(start)
    last_full_end = _month_after(end) - dt.timedelta(days=1)
    last_full = end.replace(day=1) if end == last_full_end else end.replace(day=1) - dt.timedelta(days=1)
    if first_full > last_full:
        return [(False, start, end)]
    pieces = [(True, first_full, last_full.replace(day=1))]
    if start < first_full:
        pieces.append((False, start, first_full - dt.timedelta(days=1)))
    if last_full < end:
        pieces.append((False, last_full + dt.timedelta(days=1), end))
    return pieces


CUBE_DIM = {"county": "site", "site": "site", "month": "site", "window": "window", "staff": "staff", "item": "item"}


def _source(query: Query, monthly: bool):
    """The cube of the grouped dimension (a few rows per site and period); the full-key rows only
    when an item filter crosses dimensions."""
    if query.item_id:
        model = MonthlyRollup if monthly else DailyRollup
        column = {
            "county": "site_id",
            "site": "site_id",
            "window": "window_id",
            "staff": "staff_id",
            "item": "item_id",
            "month": "day",
        }[query.by]
        return model.objects.filter(item_id=query.item_id), column
    model = MonthlyCube if monthly else DailyCube
    column = {"county": "site_id", "site": "site_id", "month": "day"}.get(query.by, "value")
    return model.objects.filter(dim=CUBE_DIM[query.by]), column


def sums(query: Query) -> dict:
    """{group value: {metric: sum}} for the query's grouping."""
    out: dict = defaultdict(lambda: dict.fromkeys(METRICS, 0))
    for monthly, first, last in _pieces(query.start, query.end):
        qs, column = _source(query, monthly)
        qs = qs.filter(site_id__in=query.site_ids, day__gte=first, day__lte=last)
        for row in qs.values(column).annotate(**{f"s_{m}": Sum(m) for m in METRICS}).order_by():
            key = row[column].replace(day=1) if query.by == "month" else row[column]
            bucket = out[key]
            for m in METRICS:
                bucket[m] += row[f"s_{m}"] or 0
    return out


def derive(counts: dict) -> dict:
    figures = dict(counts)
    figures["satisfied"] = counts["evaluations"] - counts["bad_reviews"]
    for name, (_, num, den) in {**RATES, **AVERAGES}.items():
        figures[name] = round(figures[num] / figures[den], 4) if figures[den] else None
    return figures


def _labels(by: str, keys) -> dict:
    keys = [k for k in keys if k]
    if by in ("site", "county"):
        return dict(Site.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == "window":
        return {
            w.pk: f"{w.site.name} {w.number}号窗口" for w in Window.objects.filter(pk__in=keys).select_related("site")
        }
    if by == "staff":
        return {u.pk: u.full_name or u.username for u in User.objects.filter(pk__in=keys)}
    if by == "item":
        rows = ItemVersion.objects.filter(item_id__in=keys).order_by("item_id", "number")
        return dict(rows.values_list("item_id", "name"))  # the newest version's name wins
    return {k: f"{k:%Y年%m月}" for k in keys}


def _county_of(site_ids) -> dict[int, int]:
    parents = dict(Site.objects.values_list("pk", "parent_id"))
    out = {}
    for sid in site_ids:
        node = sid
        while parents.get(node):
            node = parents[node]
        out[sid] = node
    return out


def scorecard(query: Query) -> Scorecard:
    groups = sums(query)
    if query.by == "county":
        county = _county_of(groups)
        merged: dict = defaultdict(lambda: dict.fromkeys(METRICS, 0))
        for sid, counts in groups.items():
            for m in METRICS:
                merged[county[sid]][m] += counts[m]
        groups = merged
    labels = _labels(query.by, groups)
    rows = [{"key": k, "label": labels.get(k, "(未指定)") if k else "(未指定)", **derive(v)} for k, v in groups.items()]
    rows.sort(key=lambda r: r["key"] if query.by == "month" else (-r["received"], str(r["label"])))
    total = dict.fromkeys(METRICS, 0)
    for counts in groups.values():
        for m in METRICS:
            total[m] += counts[m]
    return Scorecard(query, rows, derive(total))


def targets_against(total: dict) -> list[dict]:
    out = []
    for metric, target in BY_METRIC.items():
        actual = total.get(metric)
        met = None if target.value is None or actual is None else actual >= target.value
        out.append(
            {
                "metric": metric,
                "label": target.label,
                "target": target.value,
                "actual": actual,
                "met": met,
                "source": target.source,
                "name": RATES[metric][0],
            }
        )
    return out


def as_json(card: Scorecard) -> dict:
    def clean(row):
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}

    q = card.query
    return {
        "start": q.start.isoformat(),
        "end": q.end.isoformat(),
        "by": q.by,
        "rows": [clean(r) for r in card.rows],
        "total": clean(card.total),
        "targets": targets_against(card.total),
    }
