from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kazi.demo"
    label = "demo"
