"""gen_cases (bench data for R-54 scorecards): every generated case is counted, month rows are
the sums of day rows, and a scorecard over the period reads back the generated totals."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command

from yichuang.cases.tests.factories import make_world
from yichuang.org.models import Site
from yichuang.supervision import history, rollups, scorecards
from yichuang.supervision.models import DailyCube, DailyRollup, MonthlyCube, MonthlyRollup

pytestmark = pytest.mark.django_db


def test_generated_history_counts_every_case_and_months_sum_days():
    make_world()
    totals = history.load(3000, dt.date(2026, 1, 1), dt.date(2026, 4, 30))
    assert totals["received"] == 3000 and 0 < totals["completed"] < 3000
    by_month = defaultdict(Counter)
    for (day, *rest), counts in rollups.stored(DailyRollup, scorecards.METRICS).items():
        by_month[(day.replace(day=1), *rest)].update(counts)
    assert rollups.stored(MonthlyRollup, scorecards.METRICS) == dict(by_month)
    full = rollups.stored(DailyRollup, scorecards.METRICS)
    assert rollups.stored_cubes(DailyCube, scorecards.METRICS) == rollups.cubes_from(full)
    assert rollups.stored_cubes(MonthlyCube, scorecards.METRICS) == rollups.cubes_from(full, monthly=True)
    query = scorecards.Query(
        dt.date(2026, 1, 1), dt.date(2026, 9, 30), frozenset(Site.objects.values_list("pk", flat=True))
    )
    for by in scorecards.DIMENSIONS:  # every grouping adds up to the same totals
        total = scorecards.scorecard(scorecards.Query(query.start, query.end, query.site_ids, by)).total
        assert {m: total[m] for m in scorecards.METRICS} == totals, by


def test_history_has_seasons_and_rising_online_share():
    make_world()
    history.load(6000, dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    rows = defaultdict(Counter)
    for r in MonthlyRollup.objects.values("day", "received", "online"):
        rows[r["day"].month].update(received=r["received"], online=r["online"])
    assert rows[2]["received"] < rows[3]["received"]  # Spring Festival dip, March peak
    assert rows[1]["online"] / rows[1]["received"] < rows[6]["online"] / rows[6]["received"]


def test_the_command_refuses_a_database_that_already_has_rollups():
    make_world()
    call_command("gen_cases", "--count", "50", "--start", "2026-03-01", "--end", "2026-03-31")
    with pytest.raises(SystemExit):
        call_command("gen_cases", "--count", "50", "--start", "2026-03-01", "--end", "2026-03-31")


def test_an_item_filter_reads_the_full_rows_and_agrees_with_the_item_cube():
    make_world()
    history.load(2000, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    sites = frozenset(Site.objects.values_list("pk", flat=True))
    by_item = scorecards.scorecard(scorecards.Query(dt.date(2026, 1, 5), dt.date(2026, 3, 20), sites, "item"))
    top = by_item.rows[0]
    by_staff = scorecards.scorecard(
        scorecards.Query(dt.date(2026, 1, 5), dt.date(2026, 3, 20), sites, "staff", item_id=top["key"])
    )
    assert by_staff.total["received"] == top["received"] > 0
