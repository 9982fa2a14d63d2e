from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "yichuang.common"
    verbose_name = "公共"
