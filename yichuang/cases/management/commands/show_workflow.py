from django.core.management.base import BaseCommand

from yichuang.cases.workflow import TRANSITIONS, Role


class Command(BaseCommand):
    help = "以 Markdown 表格输出办件流转表(状态 × 动作 → 状态,及可办理的角色)。"

    def handle(self, *args, **options):
        self.stdout.write("| 当前状态 | 动作 | 新状态 | 可办理角色 |")
        self.stdout.write("|---|---|---|---|")
        for (state, action), (target, roles) in TRANSITIONS.items():
            who = "、".join(r.label for r in Role if r in roles)
            self.stdout.write(f"| {state.label} `{state.value}` | {action.label} `{action.value}` | "
                              f"{target.label} `{target.value}` | {who} |")
