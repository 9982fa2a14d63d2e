from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "yichuang.catalog"
    verbose_name = "事项目录"
