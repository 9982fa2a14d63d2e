from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo county, an app only so that `yichuang load_demo` lives beside the data it loads
    (it has no models)."""

    name = "yichuang.demo"
    verbose_name = "演示数据"
