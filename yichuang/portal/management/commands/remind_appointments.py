from django.core.management.base import BaseCommand

from yichuang.portal.reminders import remind_tomorrow


class Command(BaseCommand):
    help = "给明天有预约的群众发预约提醒(每个预约只提醒一次,可重复运行)。"

    def handle(self, *args, **options):
        self.stdout.write(f"已提醒预约 {remind_tomorrow()} 个。")
