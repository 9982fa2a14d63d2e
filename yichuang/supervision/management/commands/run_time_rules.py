"""yichuang run_time_rules: the time rules of cases (补正期满终止, 容缺逾期, 特别程序超时, 预审逾期视为受理).
Idempotent and safe to run every few minutes; the operations issue's scheduler will run it."""

from django.core.management.base import BaseCommand

from yichuang.supervision.time_rules import run_time_rules


class Command(BaseCommand):
    help = "执行办件时限规则:补正期满终止办理、容缺材料逾期、特别程序超时、预审逾期视为受理(生成监察预警)。"

    def handle(self, *args, **options):
        done = run_time_rules()
        self.stdout.write("done: " + (", ".join(f"{k}={v}" for k, v in sorted(done.items())) or "nothing"))
