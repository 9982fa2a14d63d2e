from django.core.management.base import BaseCommand

from yichuang.cases.workflow_doc import workflow_page


class Command(BaseCommand):
    help = "输出 docs/workflow.md:办件流转表(状态 × 动作 → 状态、可办理角色、角色所在站点、输入、事件),由 cases.steps 生成。"

    def handle(self, *args, **options):
        self.stdout.write(workflow_page(), ending="")
