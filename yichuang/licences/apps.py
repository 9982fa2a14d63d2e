from django.apps import AppConfig


class LicencesConfig(AppConfig):
    name = "yichuang.licences"
    verbose_name = "电子证照接入"
    default_auto_field = "django.db.models.BigAutoField"
