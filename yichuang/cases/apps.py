from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "yichuang.cases"
    verbose_name = "办件"
