"""办件信息汇聚 (R-60, R-61): every state change of a case reaches the provincial platform as a
standard record, through the outbox, signed, retried and received once; a daily reconciliation
compares what we sent with what the province holds (docs/provincial-exchange.md)."""

from django.apps import AppConfig


class ProvincialConfig(AppConfig):
    name = "yichuang.provincial"
    verbose_name = "办件信息汇聚"

    def ready(self):
        from . import consumers  # noqa: F401  registers the outbox consumer
