from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "kazi.taxonomy"
    label = "taxonomy"

    def ready(self) -> None:
        # Registers the signal receiver that keeps the search index cache fresh.
        from . import selectors  # noqa: F401
