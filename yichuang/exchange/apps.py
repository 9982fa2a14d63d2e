"""省级事项目录导入 (issue 17 §4): what an import remembers (a fingerprint per implementation,
so re-importing the same file writes nothing) and the admin's upload page with its progress.
The reading and writing live in yichuang.catalog.exchange."""

from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "yichuang.exchange"
    verbose_name = "省级事项目录导入"
