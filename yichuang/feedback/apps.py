from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "yichuang.feedback"
    verbose_name = "好差评、办不成事"
