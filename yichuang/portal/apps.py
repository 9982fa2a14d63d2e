from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "yichuang.portal"
    verbose_name = "网上办事大厅"

    def ready(self):
        # Registers the production checks (offline identity provider, console SMS) before any check runs.
        from . import identity  # noqa: F401
