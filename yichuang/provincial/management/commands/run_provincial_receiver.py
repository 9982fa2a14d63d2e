from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand

from yichuang.provincial import reference_receiver


class Command(BaseCommand):
    help = "启动参考省级办件信息汇聚接收端(仅用于测试和演示,监听 127.0.0.1)。"

    def add_arguments(self, parser):
        # By default the port PROVINCIAL_EXCHANGE_URL names, so the demo's client and receiver agree.
        configured = urlsplit(settings.PROVINCIAL_EXCHANGE["URL"]).port
        parser.add_argument("--port", type=int, default=configured or 8411)
        parser.add_argument("--db", default=str(settings.VAR_DIR / "provincial-receiver.sqlite3"))

    def handle(self, *args, port, db, **options):
        key = settings.PROVINCIAL_EXCHANGE["KEY"]
        if not key:
            self.stderr.write("未设置 PROVINCIAL_EXCHANGE_KEY:接收端无法校验签名。")
            raise SystemExit(2)
        self.stdout.write(f"参考省级办件信息汇聚接收端:http://127.0.0.1:{port}/")
        reference_receiver.main(["--port", str(port), "--key", key, "--db", db])
