from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "kazi.opportunities"
    label = "opportunities"
