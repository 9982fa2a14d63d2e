from django.core.management.base import BaseCommand

from yichuang.org.services import seed_calendar_from_library


class Command(BaseCommand):
    help = "从 chinesecalendar 载入法定节假日和调休上班日(已有年份保留管理员的修改,除非 --replace)。"

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int)
        parser.add_argument("--replace", action="store_true")

    def handle(self, *args, years, replace, **options):
        loaded = seed_calendar_from_library(years or None, replace=replace)
        self.stdout.write(f"载入年份:{loaded or '无(均已存在)'}")
