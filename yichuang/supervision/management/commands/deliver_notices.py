"""yichuang deliver_notices [--loop SECONDS]: post due 双告知 webhooks (signed, with backoff)."""

import time

from django.core.management.base import BaseCommand

from yichuang.supervision.linkage import deliver_due


class Command(BaseCommand):
    help = "推送到期的审管联动“双告知”(HMAC 签名,失败按退避重试)。"

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, default=0, help="每隔多少秒再推送一次;0 表示只推送一轮")

    def handle(self, *args, loop, **options):
        while True:
            outcome = deliver_due()
            self.stdout.write(f"delivered={outcome['delivered']} failed={outcome['failed']}")
            if not loop:
                return
            time.sleep(loop)
