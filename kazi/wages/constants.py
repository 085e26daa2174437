from django.db import models
from django.utils.translation import gettext_lazy as _


class WageDataset(models.TextChoices):
    WIKIPEDIA = "wikipedia", _("Wikipedia snapshot (seed data)")
    OFFICIAL = "official", _("Official figures imported by an administrator")


class ImportKind(models.TextChoices):
    WIKIPEDIA = "wikipedia", _("Minimum wages: Wikipedia snapshot")
    OFFICIAL = "official", _("Minimum wages: official figures")
    RATES = "rates", _("Exchange rates")
    DEMO_RATES = "demo_rates", _("Exchange rates: built-in demo table")
