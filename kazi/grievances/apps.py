from django.apps import AppConfig


class GrievancesConfig(AppConfig):
    name = "kazi.grievances"
    label = "grievances"
    verbose_name = "Grievances"
