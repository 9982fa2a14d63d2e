from django.core.management.base import BaseCommand

from yichuang.notify.services import send_due


class Command(BaseCommand):
    help = "发送到期的短信:夜间免打扰或超过每日条数而推迟的,以及发送失败待重试的。"

    def handle(self, *args, **options):
        self.stdout.write(f"已发送短信 {send_due()} 条。")
