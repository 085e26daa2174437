from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "kazi.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment agencies and reviews"
