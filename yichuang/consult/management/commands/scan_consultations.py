from django.core.management.base import BaseCommand

from yichuang.consult.services import scan_overdue


class Command(BaseCommand):
    help = "检查超过答复期限未答复的网上咨询,向电子监察发出预警(每条咨询只预警一次)。"

    def handle(self, *args, **options):
        self.stdout.write(f"新增网上咨询超期预警 {scan_overdue()} 条。")
