from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "yichuang.org"
    verbose_name = "组织机构"
