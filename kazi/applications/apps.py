from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "kazi.applications"
    label = "applications"
