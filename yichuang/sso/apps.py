from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "yichuang.sso"
    verbose_name = "统一身份认证"

    def ready(self):
        from . import checks  # noqa: F401  (registers the production checks)
