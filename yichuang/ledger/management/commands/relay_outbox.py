import time

from django.core.management.base import BaseCommand

from yichuang.ledger.relay import relay_once


class Command(BaseCommand):
    help = "投递事件发件箱中的事件给各消费者(失败按指数退避重试);--once 只处理一批。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=float, default=2.0, help="无事件可投递时的等待秒数")
        parser.add_argument("--batch", type=int, default=100, help="每轮最多投递的事件数(每个事件一个事务)")

    def handle(self, *args, once, interval, batch, **options):
        while True:
            delivered = relay_once(batch=batch)
            if once:
                self.stdout.write(f"已投递 {delivered} 个事件。")
                return
            if not delivered:
                time.sleep(interval)
