from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "kazi.screening"
    label = "screening"
    verbose_name = "Forced-labour screening"
