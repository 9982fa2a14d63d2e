"""yichuang gen_cases --count N: synthetic case history (rollup rows) for scorecard benches and
the demo county's recent history.

Into empty rollup tables the rows are COPYed (history.load, fast). When the tables already hold
rows — the relay has counted real cases, or an earlier run covered some of the days — the
generated counters are added to them (the consumers' upsert, rollups._upsert): COPYing them
broke the unique key of any day both touched, so `--end <today>` on a used demo crashed with an
IntegrityError."""

import datetime as dt
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from yichuang.org.calendar import library_years
from yichuang.org.services import seed_calendar_from_library
from yichuang.supervision import history
from yichuang.supervision.models import METRICS, DailyCube, DailyRollup, MonthlyCube, MonthlyRollup
from yichuang.supervision.rollups import CUBE_KEY, FULL_KEY, _upsert


def merge(count: int, start: dt.date, end: dt.date, seed: int) -> dict:
    """history.load, adding to existing rows instead of inserting beside them."""

    def add(model, columns, rows):
        for key, values in rows.items():
            counts = {m: v for m, v in zip(METRICS, values) if v}
            if counts:
                _upsert(model, columns, [key], counts)

    def flush(daily, monthly):
        add(DailyRollup, FULL_KEY, daily)
        add(MonthlyRollup, FULL_KEY, monthly)
        add(DailyCube, CUBE_KEY, history._cubes(daily))
        add(MonthlyCube, CUBE_KEY, history._cubes(monthly))

    return history.generate(count, start, end, seed, flush)


class Command(BaseCommand):
    help = "生成用于成绩单压测的模拟办件历史(直接写入汇总表;请在压测数据库上运行,先 load_demo)。"

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="办件数")
        parser.add_argument("--start", default="2024-01-01", help="首个收件日期 YYYY-MM-DD")
        parser.add_argument("--end", default="2026-06-30", help="最后收件日期 YYYY-MM-DD")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--force", action="store_true", help="汇总表已有数据时仍然写入(计数累加到已有数据上)")

    def handle(self, *args, count, start, end, seed, force, **options):
        start, end = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        if end < start:
            raise SystemExit("--end 不能早于 --start。")
        existing = DailyRollup.objects.exists()
        if existing and not force:
            raise SystemExit("汇总表已有数据;gen_cases 只用于空的压测数据库(或加 --force,把模拟计数累加到已有数据上)。")
        last_known = library_years()[1]
        seed_calendar_from_library(list(range(start.year, min(end.year + 1, last_known) + 1)))
        began = time.perf_counter()
        with transaction.atomic():
            totals = (merge if existing else history.load)(count, start, end, seed)
        took = time.perf_counter() - began
        self.stdout.write(
            f"generated {totals['received']} cases ({totals['completed']} completed, "
            f"{totals['evaluations']} evaluations) in {took:.1f}s; "
            f"{DailyRollup.objects.count()} day rows"
        )
