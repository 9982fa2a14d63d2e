"""Bench: scorecard queries and pages over generated history (issue 7: < 200 ms p95 at 10 M cases).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yc_sup_bench .venv/bin/yichuang migrate
    DATABASE_URL=... .venv/bin/yichuang load_demo
    DATABASE_URL=... .venv/bin/yichuang gen_cases --count 1000000
    DATABASE_URL=... .venv/bin/python bench/scorecard.py [--runs 50]

Reads only (the database is left as it is). Prints p50/p95/p99 in milliseconds for the
scorecard selector per dimension and period, for the staff page, the public page, the JSON
API and the Excel export, each as a county supervisor sees them.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def percentiles(samples):
    s = sorted(samples)
    pick = lambda q: s[min(len(s) - 1, int(round(q * (len(s) - 1))))]  # noqa: E731
    return pick(0.50), pick(0.95), pick(0.99)


def timed(fn, runs):
    fn()  # warm
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        out.append((time.perf_counter() - began) * 1000)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("set DATABASE_URL to the bench database (after load_demo and gen_cases)")
    os.environ["DJANGO_SETTINGS_MODULE"] = "yichuang.settings"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Sum
    from django.test import Client

    from yichuang.org.models import Site, StaffRole, User
    from yichuang.supervision import scorecards
    from yichuang.supervision.models import DailyRollup, MonthlyCube, MonthlyRollup

    settings.ALLOWED_HOSTS = ["*"]
    # Plain static storage, as in the tests: the manifest exists only after collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.YICHUANG = {**settings.YICHUANG, "PUBLIC_SCORECARD_RATE": "off"}
    cases = DailyRollup.objects.aggregate(n=Sum("received"))["n"] or 0
    print(f"cases={cases:,} day_rows={DailyRollup.objects.count():,} month_rows={MonthlyRollup.objects.count():,}")
    county = Site.objects.get(level="county")
    supervisor, _ = User.objects.get_or_create(username="bench-supervisor", defaults={"full_name": "压测监察"})
    StaffRole.objects.get_or_create(user=supervisor, site=county, role=StaffRole.Role.SUPERVISOR)
    all_sites = frozenset(Site.objects.values_list("pk", flat=True))
    township = Site.objects.filter(level="township").first()
    periods = {
        "month": (dt.date(2026, 5, 1), dt.date(2026, 5, 31)),
        "ragged-quarter": (dt.date(2026, 2, 10), dt.date(2026, 5, 20)),
        "year": (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        "all": (dt.date(2024, 1, 1), dt.date(2026, 6, 30)),
    }
    print(f"{'what':44s} {'p50':>8s} {'p95':>8s} {'p99':>8s}  (ms, {args.runs} runs)")
    for by in ("county", "site", "item", "staff", "window", "month"):
        for name, (start, end) in periods.items():
            q = scorecards.Query(start, end, all_sites, by)
            p = percentiles(timed(lambda: scorecards.scorecard(q), args.runs))
            print(f"selector by={by:7s} period={name:15s}            {p[0]:8.1f} {p[1]:8.1f} {p[2]:8.1f}")
    q = scorecards.Query(*periods["year"], frozenset({township.pk}), "staff")
    p = percentiles(timed(lambda: scorecards.scorecard(q), args.runs))
    print(f"selector one township by=staff year                 {p[0]:8.1f} {p[1]:8.1f} {p[2]:8.1f}")
    top_item = (
        MonthlyCube.objects.filter(dim="item").values("value").annotate(n=Sum("received")).order_by("-n")[0]["value"]
    )
    q = scorecards.Query(*periods["year"], all_sites, "staff", item_id=top_item)
    p = percentiles(timed(lambda: scorecards.scorecard(q), args.runs))
    print(f"selector top item by=staff year (full-key rows)    {p[0]:8.1f} {p[1]:8.1f} {p[2]:8.1f}")
    client = Client()
    client.force_login(supervisor)
    for label, url in [
        ("page /supervision/scorecard/ year by site", "/supervision/scorecard/?start=2025-01-01&end=2025-12-31"),
        ("page scorecard all by item", "/supervision/scorecard/?start=2024-01-01&end=2026-06-30&by=item"),
        ("api /api/v1/supervision/scorecard/ year", "/api/v1/supervision/scorecard/?start=2025-01-01&end=2025-12-31"),
        ("excel year by staff", "/supervision/scorecard.xlsx?start=2025-01-01&end=2025-12-31&by=staff"),
    ]:
        p = percentiles(timed(lambda: client.get(url), args.runs))
        print(f"{label:52s} {p[0]:8.1f} {p[1]:8.1f} {p[2]:8.1f}")
    public = Client()
    p = percentiles(timed(lambda: public.get("/supervision/public/?start=2025-01-01&end=2025-12-31"), args.runs))
    print(f"{'public page year by site':52s} {p[0]:8.1f} {p[1]:8.1f} {p[2]:8.1f}")


if __name__ == "__main__":
    main()
