from django.apps import AppConfig


class WagesConfig(AppConfig):
    name = "kazi.wages"
    label = "wages"
