from django.core.management.base import BaseCommand, CommandError

from yichuang.ledger.selectors import verify_audit


class Command(BaseCommand):
    help = "校验审计日志哈希链;发现问题时指出第一条被破坏的记录并以非零状态退出。"

    def handle(self, *args, **options):
        broken = verify_audit()
        if broken:
            raise CommandError(f"审计链校验失败:{broken.where}:{broken.reason}")
        self.stdout.write("审计链校验通过。")
