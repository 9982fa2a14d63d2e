import time

from django.core.management.base import BaseCommand

from yichuang.demo.loader import load


class Command(BaseCommand):
    help = (
        "载入演示县“清溪县”:县政务服务中心、3个镇(街道)便民服务中心、6个村(社区)便民服务站,"
        "进驻部门、窗口、AB岗人员、事项实施清单、一件事和检索同义词。已载入时不作修改,只重新列出演示账号。"
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        counts = load(self.stdout)
        if counts:
            self.stdout.write(self.style.SUCCESS(f"载入完成,用时 {time.monotonic() - started:.1f} 秒。"))
