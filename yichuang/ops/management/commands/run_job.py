"""yichuang run_job NAME: run one scheduled job now, recorded like a scheduled run (schedule.py)."""

from django.core.management.base import BaseCommand, CommandError

from yichuang.ops.schedule import BY_NAME
from yichuang.ops.services import run_job


class Command(BaseCommand):
    help = "立即运行一个定时任务(与调度运行一样记录结果);不带参数列出全部定时任务。"

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="任务名,见 yichuang/ops/schedule.py")

    def handle(self, *args, name=None, **options):
        if not name:
            for job in BY_NAME.values():
                self.stdout.write(f"{job.name:<20} 每 {job.every} {job.at}  {job.target}")
            return
        job = BY_NAME.get(name)
        if job is None:
            raise CommandError(f"没有名为“{name}”的定时任务;可选:{'、'.join(BY_NAME)}。")
        if not run_job(job):
            raise CommandError(f"定时任务 {name} 运行失败,错误堆栈见管理后台“定时任务运行记录”。")
        self.stdout.write(f"定时任务 {name} 已完成。")
