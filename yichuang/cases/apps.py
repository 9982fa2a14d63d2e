from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "yichuang.cases"
    verbose_name = "办件"

    def ready(self) -> None:
        from . import consumers  # noqa: F401  (registers the relay's consumer of decisions)
