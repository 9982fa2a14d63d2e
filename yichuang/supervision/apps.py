from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "yichuang.supervision"
    verbose_name = "电子监察、审管联动、成绩单"

    def ready(self) -> None:
        from . import consumers  # noqa: F401  (registers the relay consumers)
