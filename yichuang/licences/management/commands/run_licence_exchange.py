"""Run the reference provincial 证照库 exchange on loopback (docs/licence-exchange.md)."""

from django.core.management.base import BaseCommand

from yichuang.licences.exchange.server import serve


class Command(BaseCommand):
    help = "在本机运行参考的省证照库交换平台(测试与演示用)。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8900, help="端口,0 为任一空闲端口")
        parser.add_argument("--data", default="var/licence_exchange", help="交换平台数据目录(CA、证照)")

    def handle(self, *args, port, data, **options):
        serve(data, port)
