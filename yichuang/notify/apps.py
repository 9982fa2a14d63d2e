from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "yichuang.notify"
    verbose_name = "消息通知"

    def ready(self) -> None:
        from . import consumers  # noqa: F401  (registers the relay consumer)
