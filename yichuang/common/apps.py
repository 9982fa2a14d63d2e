from django.apps import AppConfig, apps


class CommonConfig(AppConfig):
    name = "yichuang.common"
    verbose_name = "公共"

    def ready(self):
        # The admin names a section by its app's verbose_name; django-axes has none but "Axes".
        # Its model and field names are translated in yichuang/locale (axes ships no zh-hans).
        if apps.is_installed("axes"):
            apps.get_app_config("axes").verbose_name = "登录限制(防暴力破解)"
