from django.core.management.base import BaseCommand

from yichuang.ledger.services import checkpoint


class Command(BaseCommand):
    help = "生成审计检查点:锚定所有审计链的链头(建议每小时运行一次)。"

    def handle(self, *args, **options):
        cp = checkpoint()
        self.stdout.write(f"检查点 {cp.pk}:{len(cp.heads)} 条链,摘要 {cp.digest[:16]}…")
