from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "kazi.contracts"
    label = "contracts"
    verbose_name = "Contracts and the contract ledger"
