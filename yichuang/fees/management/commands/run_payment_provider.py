from django.conf import settings
from django.core.management.base import BaseCommand

from yichuang.fees import reference_provider


class Command(BaseCommand):
    help = "启动参考统一公共支付平台(仅用于测试和演示,监听 127.0.0.1)。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8401)
        parser.add_argument("--db", default=str(settings.VAR_DIR / "payment-provider.sqlite3"))

    def handle(self, *args, port, db, **options):
        self.stdout.write(f"参考统一公共支付平台:http://127.0.0.1:{port}/")
        reference_provider.main(["--port", str(port), "--key", settings.YICHUANG_PAYMENT["KEY"], "--db", db])
