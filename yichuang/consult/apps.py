from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "yichuang.consult"
    verbose_name = "网上咨询"
