from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kazi.core"
    label = "core"
