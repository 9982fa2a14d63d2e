from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "yichuang.people"
    verbose_name = "申请人、代办授权、电子证照"
