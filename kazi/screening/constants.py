from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .rules import Level as RuleLevel


class Sector(models.TextChoices):
    DOMESTIC = "domestic", _("Domestic work (in a home: cleaning, cooking, care)")
    CONSTRUCTION = "construction", _("Construction")
    FISHING = "fishing", _("Fishing (on a boat)")
    AGRICULTURE = "agriculture", _("Farm or plantation work")
    FACTORY = "factory", _("Factory")
    OTHER = "other", _("Other work")


class Level(models.TextChoices):
    URGENT = RuleLevel.URGENT.value, _("Urgent: you may be in danger now")
    HIGH = RuleLevel.HIGH.value, _("High risk of forced labour")
    ELEVATED = RuleLevel.ELEVATED.value, _("Some signs of risk")
    LOW = RuleLevel.LOW.value, _("Few signs of risk")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    SOMETIMES = "sometimes", _("Sometimes")
    NO = "no", _("No")
    PREFER_NOT = "prefer_not", _("I prefer not to say")
