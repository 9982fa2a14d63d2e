from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "yichuang.ledger"
    verbose_name = "审计日志与事件"
