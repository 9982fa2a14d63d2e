"""yichuang purge_idempotency: forget stored `Idempotency-Key` answers past their retention
(run daily from cron; idempotent). The retention and why it is 30 days: settings.py,
YICHUANG_IDEMPOTENCY_RETENTION_DAYS."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from yichuang.common.idempotency import purge_records


def _positive(value, what: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1 or str(value).strip() != str(number):
        raise CommandError(f"{what}应为正整数,收到“{value}”。")
    return number


class Command(BaseCommand):
    help = "删除超过保留期的幂等请求记录(Idempotency-Key 的已存响应),分批删除,可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", metavar="DAYS", help="删除早于这么多天的记录;默认取 YICHUANG_IDEMPOTENCY_RETENTION_DAYS。"
        )
        parser.add_argument("--batch", metavar="N", default="1000", help="每批删除的条数(默认1000)。")

    def handle(self, *args, older_than=None, batch="1000", **options):
        if older_than is None:
            days = _positive(
                settings.YICHUANG_IDEMPOTENCY_RETENTION_DAYS, "YICHUANG_IDEMPOTENCY_RETENTION_DAYS(保留天数)"
            )
        else:
            days = _positive(older_than, "--older-than(保留天数)")
        deleted = purge_records(dt.timedelta(days=days), batch_size=_positive(batch, "--batch(每批条数)"))
        self.stdout.write(f"已删除 {deleted} 条超过 {days} 天的幂等请求记录。")
