from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "kazi.taxonomy"
    label = "taxonomy"
