from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "kazi.analytics"
    label = "analytics"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (erases audit facts when consent is withdrawn)
