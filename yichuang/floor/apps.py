from django.apps import AppConfig


class FloorConfig(AppConfig):
    name = "yichuang.floor"
    verbose_name = "大厅现场(取号叫号、考勤、容量、服务圈)"
