from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "yichuang.ops"
    verbose_name = "运行维护"

    def ready(self):
        # Registers the periodic jobs with the task runner and the relay's wake-up after commit.
        from . import tasks  # noqa: F401
