from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "kazi.matching"
    label = "matching"
