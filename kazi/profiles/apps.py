from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "kazi.profiles"
    label = "profiles"
