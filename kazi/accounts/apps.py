from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kazi.accounts"
    label = "accounts"
