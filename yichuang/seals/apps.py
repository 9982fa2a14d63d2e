from django.apps import AppConfig


class SealsConfig(AppConfig):
    name = "yichuang.seals"
    verbose_name = "印章、签章"
