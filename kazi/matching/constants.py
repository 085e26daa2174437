from django.db import models
from django.utils.translation import gettext_lazy as _


class OverrideAction(models.TextChoices):
    PIN = "pin", _("Pin to the top")
    BOOST = "boost", _("Move up")
    HIDE = "hide", _("Hide")


class IndexKind(models.TextChoices):
    OPPORTUNITY = "opportunity", _("Opportunity")
    WORKER = "worker", _("Worker")
