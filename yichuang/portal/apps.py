from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "yichuang.portal"
    verbose_name = "网上办事大厅"
