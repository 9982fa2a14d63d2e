import os

from django.conf import settings
from django.core.management.base import BaseCommand

from yichuang.demo import county as C
from yichuang.sso import local_provider


class Command(BaseCommand):
    help = "启动本地参考统一身份认证平台(OpenID Connect,仅用于测试和演示,监听 127.0.0.1)。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=local_provider.DEMO_PORT)
        parser.add_argument(
            "--rp-url",
            action="append",
            help="本系统的访问地址(可多次),登记为回调地址;默认 YICHUANG_PUBLIC_URL",
        )

    def handle(self, *args, port, rp_url, **options):
        folder = settings.VAR_DIR / "identity-provider"
        path = local_provider.write_config(
            folder,
            port=port,
            rp_urls=rp_url or [settings.YICHUANG_PUBLIC_URL],
            users=local_provider.demo_users(),
            clients=[local_provider.demo_client(rp_url or [settings.YICHUANG_PUBLIC_URL])],
            demo_password=C.PASSWORD,
        )
        self.stdout.write(f"本地参考统一身份认证平台:http://127.0.0.1:{port}/  (配置 {path})")
        self.stdout.flush()
        command = local_provider.node_command(path)
        os.execvp(command[0], command)  # node in this process's place: Ctrl-C and kill reach it
