from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "kazi.matching"
    label = "matching"

    def ready(self) -> None:
        from . import signals

        signals.connect()
