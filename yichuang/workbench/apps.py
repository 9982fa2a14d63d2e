from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "yichuang.workbench"
    verbose_name = "工作台"
