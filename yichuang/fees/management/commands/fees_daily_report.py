import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from yichuang.fees import report
from yichuang.fees.models import Charge


class Command(BaseCommand):
    help = "生成收费日报(每个执收部门一个 Excel 文件,默认为前一日)。"

    def add_arguments(self, parser):
        parser.add_argument("--day", type=dt.date.fromisoformat, default=None, help="日期 YYYY-MM-DD")
        parser.add_argument("--out", default=str(settings.VAR_DIR / "reports"), help="输出目录")

    def handle(self, *args, day=None, out="", **options):
        day = day or timezone.localdate() - dt.timedelta(days=1)
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        site_ids = set(Charge.objects.values_list("site_id", flat=True))
        found = report.rows(site_ids, day)
        departments = sorted({r.department for r in found})
        for department in departments:
            path = folder / f"收费日报-{day.isoformat()}-{department}.xlsx"
            path.write_bytes(report.workbook_bytes([r for r in found if r.department == department], day))
            self.stdout.write(f"已生成 {path}")
        if not departments:
            self.stdout.write(f"{day.isoformat()} 无收费记录。")
