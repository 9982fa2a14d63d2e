import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yichuang.provincial import client
from yichuang.provincial.reconcile import reconcile


class Command(BaseCommand):
    help = "与省级办件信息汇聚平台按日核对报送记录(默认为前一日),列出差异待人工处理。"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="业务日期 YYYY-MM-DD")

    def handle(self, *args, date=None, **options):
        if not client.enabled():
            raise CommandError("未设置 PROVINCIAL_EXCHANGE_URL:办件信息汇聚未开启。")
        try:
            outcome = reconcile(date or timezone.localdate() - dt.timedelta(days=1))
        except (client.ExchangeUnavailable, client.RecordRefused) as exc:
            raise CommandError(str(exc)) from exc
        for line in outcome.lines():
            self.stdout.write(line)
