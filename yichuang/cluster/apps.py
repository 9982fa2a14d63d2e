from django.apps import AppConfig
from django.core import checks


class ClusterConfig(AppConfig):
    name = "yichuang.cluster"
    verbose_name = "集群部署"

    def ready(self):
        from .checks import check_production_start

        checks.register(check_production_start, "security")
