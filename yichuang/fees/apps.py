"""收费 (fees): what a case owes (一次性收费, R-31), how it is paid — at the window, online
through the unified public payment platform, or by a helper (代缴, R-28) — receipts, refunds
and the daily reconciliation (docs/decisions/0045-fees-live-beside-the-case.md)."""

from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "yichuang.fees"
    verbose_name = "收费"

    def ready(self):
        from . import consumers  # noqa: F401  registers the outbox consumers
