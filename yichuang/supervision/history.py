"""Synthetic case history for benches (`yichuang gen_cases`): realistic volumes of counters
straight into the rollup tables, month by month, with PostgreSQL COPY.

Why rollups and not 10 million `Case` rows: a scorecard reads only rollups, and the consumer
path costs one upsert per event (≈ 5 events a case) — about an hour per million cases on this
machine — while counting in memory and COPYing the sums loads 10 M cases in minutes. The
counting rules are those of `rollups.case_event_counts` / `completion` (which day each counter
falls on, on time = decided by the due date, 最多跑一次 = at most one visit); the generator
draws the facts those rules read (docs/decisions/0014).

Realism: seasonality (Spring Festival dip, March and September peaks), working days only for
window cases, a Zipf mix of items, the site mix of a county (centre 55 %, townships, villages),
即办 vs 承诺 from the item, online share rising over time, visits, licence reuse, 好差评 with
差评 tickets rectified mostly on time.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import defaultdict

from django.db import connection

from yichuang.catalog.models import SiteItem
from yichuang.org.calendar import is_working_day, library_years
from yichuang.org.models import Post, Site, StaffRole

from .models import METRICS, DailyCube, DailyRollup, MonthlyCube, MonthlyRollup
from .rollups import CUBE_KEY, FULL_KEY, cube_keys

SEASON = {1: 1.0, 2: 0.55, 3: 1.25, 4: 1.05, 5: 0.95, 6: 1.0, 7: 1.05, 8: 0.95, 9: 1.2, 10: 0.8, 11: 1.0, 12: 1.15}
LEVELS = (5, 4, 3, 2, 1)
LEVEL_WEIGHTS = (0.70, 0.20, 0.06, 0.025, 0.015)
IDX = {m: i for i, m in enumerate(METRICS)}


class World:
    """Sites, their windows' staff and implemented items, read once from the database."""

    def __init__(self):
        self.sites = list(Site.objects.values_list("pk", "level"))
        if not self.sites:
            raise SystemExit("没有站点:请先运行 yichuang load_demo。")
        weights = {"county": 55.0, "township": 35.0, "village": 10.0}
        per_level = defaultdict(int)
        for _, level in self.sites:
            per_level[level] += 1
        self.site_weights = [weights.get(level, 10.0) / per_level[level] for _, level in self.sites]
        self.posts = defaultdict(list)
        for window, staff, site in Post.objects.filter(position=Post.Position.A).values_list(
            "window_id", "staff_id", "window__site_id"
        ):
            self.posts[site].append((window, staff))
        for staff, site in StaffRole.objects.filter(role=StaffRole.Role.CLERK).values_list("user_id", "site_id"):
            if not self.posts[site]:
                self.posts[site].append((0, staff))
        self.items = defaultdict(list)
        for site, item, days, kind in SiteItem.objects.values_list(
            "site_id", "item_id", "version__promised_days", "version__case_kind"
        ):
            self.items[site].append((item, days or 0, kind == "instant"))
        everything = [i for items in self.items.values() for i in items] or [(0, 5, False)]
        for site, _ in self.sites:
            pool = self.items[site] or everything
            self.items[site] = pool
        # Zipf weights: a few high-frequency items carry most of the volume.
        self.item_weights = {s: [1 / (r + 1) ** 1.1 for r in range(len(pool))] for s, pool in self.items.items()}


def _working_days(first: dt.date, last: dt.date):
    day, out = first, []
    while day <= last:
        out.append((day, is_working_day(None, day)))
        day += dt.timedelta(days=1)
    return out


def generate(count: int, start: dt.date, end: dt.date, seed: int = 2026, flush=None) -> dict:
    """Draw `count` cases received between start and end; hand each month's finished rows to
    `flush(daily_rows, monthly_rows)`. Returns totals for the report and the test."""
    rnd = random.Random(seed)
    world = World()
    horizon = min(end + dt.timedelta(days=90), dt.date(library_years()[1], 12, 31))
    days = _working_days(start, horizon)  # completions run past the end
    working = [d for d, w in days if w and d <= end]
    working_index = [d for d, w in days if w]
    wpos = {d: i for i, d in enumerate(working_index)}
    span = (end - start).days or 1
    weights = [SEASON[d.month] * (1 + 0.3 * (d - start).days / span) for d in working]
    per_day = rnd.choices(range(len(working)), weights=weights, k=count)
    counts_by_day = defaultdict(int)
    for i in per_day:
        counts_by_day[working[i]] += 1
    buckets: dict[dt.date, dict[tuple, list[int]]] = defaultdict(dict)  # month → key → counters
    totals = [0] * len(METRICS)
    site_ids = [s for s, _ in world.sites]

    def bump(day: dt.date, key: tuple, **deltas):
        row = buckets[day.replace(day=1)].get((day, *key))
        if row is None:
            row = buckets[day.replace(day=1)][(day, *key)] = [0] * len(METRICS)
        for m, v in deltas.items():
            row[IDX[m]] += v
            totals[IDX[m]] += v

    flushed_through = None
    for day in working:
        n = counts_by_day.get(day, 0)
        progress = (day - start).days / span
        for site in rnd.choices(site_ids, weights=world.site_weights, k=n):
            window, staff = rnd.choice(world.posts[site]) if world.posts[site] else (0, 0)
            item, promised, instant = rnd.choices(world.items[site], weights=world.item_weights[site])[0]
            online = rnd.random() < 0.25 + 0.35 * progress
            key = (site, 0 if online else window, staff, item)
            # As rollups.case_key: an online receipt is credited to no staff.
            bump(day, (site, 0, 0, item) if online else key, received=1, online=int(online))
            fate = rnd.random()
            if fate < 0.03:  # 不予受理 or withdrawn before acceptance: received only
                continue
            bump(day, key, accepted=1)
            if fate < 0.05:  # withdrawn after acceptance
                continue
            if instant:
                bump(day, key, instant=1)
                used = 0
            else:
                used = max(0, min(promised + 3, int(rnd.gauss(promised * 0.55, promised * 0.3 + 0.5))))
            decided = working_index[min(wpos[day] + used, len(working_index) - 1)]
            pickup = (
                decided
                if online or rnd.random() < 0.6
                else working_index[min(wpos[decided] + rnd.randint(1, 3), len(working_index) - 1)]
            )
            visits = 0 if online and rnd.random() < 0.7 else 1
            visits += int(not online and pickup != day) + int(rnd.random() < 0.04)
            materials = rnd.randint(2, 8)
            reused = sum(rnd.random() < 0.2 + 0.4 * progress for _ in range(materials))
            on_time = int(used <= promised)
            bump(
                pickup,
                key,
                completed=1,
                on_time=on_time,
                overdue=1 - on_time,
                promised_days=promised,
                used_days=used,
                visits=visits,
                one_visit=int(visits <= 1),
                materials_total=materials,
                materials_reused=reused,
            )
            if rnd.random() < 0.85:
                level = rnd.choices(LEVELS, weights=LEVEL_WEIGHTS)[0]
                bump(
                    pickup,
                    (site, key[1], staff, item),
                    evaluations=1,
                    satisfaction_points=level,
                    bad_reviews=int(level <= 2),
                )
                if level <= 2:
                    bump(pickup, (site, 0, 0, 0), tickets_opened=1)
                    # As the consumer: a close is counted on its ticket's opening day (decision 0023).
                    rnd.randint(1, 7)  # the closing delay: drawn still, so every later draw is unchanged
                    bump(pickup, (site, 0, 0, 0), tickets_closed=1, tickets_on_time=int(rnd.random() < 0.9))
        # Months two behind the day being generated are complete (no case takes 60 days): flush them.
        done = (day.replace(day=1) - dt.timedelta(days=62)).replace(day=1)
        for month in sorted(m for m in buckets if m <= done and (flushed_through is None or m > flushed_through)):
            _flush(buckets.pop(month), month, flush)
            flushed_through = month
    for month in sorted(buckets):
        _flush(buckets.pop(month), month, flush)
    return dict(zip(METRICS, totals))


def _flush(rows: dict, month: dt.date, flush) -> None:
    monthly: dict[tuple, list[int]] = {}
    for (day, *key), counts in rows.items():
        acc = monthly.setdefault((month, *key), [0] * len(METRICS))
        for i, v in enumerate(counts):
            acc[i] += v
    if flush:
        flush(rows, monthly)


def _cubes(rows: dict) -> dict:
    out: dict[tuple, list[int]] = {}
    for key, counts in rows.items():
        for site, dim, value in cube_keys(key):
            acc = out.setdefault((key[0], site, dim, value), [0] * len(METRICS))
            for i, v in enumerate(counts):
                acc[i] += v
    return out


def copy_rows(model, key_columns: list[str], rows: dict) -> None:
    """COPY on PostgreSQL (one round trip per month and table); bulk_create elsewhere (SQLite tests)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            [model(**dict(zip(key_columns, k)), **dict(zip(METRICS, v))) for k, v in rows.items()], batch_size=2000
        )
        return
    buffer = io.StringIO()
    for k, v in rows.items():
        buffer.write("\t".join([k[0].isoformat(), *map(str, k[1:]), *map(str, v)]) + "\n")
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {model._meta.db_table} ({', '.join([*key_columns, *METRICS])}) FROM STDIN") as copy:
            copy.write(buffer.getvalue())


def load(count: int, start: dt.date, end: dt.date, seed: int = 2026) -> dict:
    """Generate and store. Rows are added to empty periods only: run it on a bench database
    (adding to existing rows would need the consumers' upsert)."""

    def flush(daily, monthly):
        copy_rows(DailyRollup, FULL_KEY, daily)
        copy_rows(MonthlyRollup, FULL_KEY, monthly)
        copy_rows(DailyCube, CUBE_KEY, _cubes(daily))
        copy_rows(MonthlyCube, CUBE_KEY, _cubes(monthly))

    return generate(count, start, end, seed, flush)
