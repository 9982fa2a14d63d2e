"""yichuang scan_alerts: the periodic 电子监察 scan (run it every few minutes from cron or a
systemd timer; it is idempotent — one open alert per case and rule)."""

from django.core.management.base import BaseCommand

from yichuang.supervision.scan import scan_alerts


class Command(BaseCommand):
    help = "扫描在办件的时限(黄牌、红牌、超期)、长时间未处理和差评整改超期,生成监察预警。"

    def handle(self, *args, **options):
        raised = scan_alerts()
        self.stdout.write("raised: " + (", ".join(f"{k}={v}" for k, v in sorted(raised.items())) or "nothing"))
