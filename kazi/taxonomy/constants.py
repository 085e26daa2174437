from django.db import models
from django.utils.translation import gettext_lazy as _


class ConceptKind(models.TextChoices):
    OCCUPATION = "occupation", _("Occupation")
    SKILL = "skill", _("Skill")


class SkillType(models.TextChoices):
    SKILL = "skill/competence", _("Skill or competence")
    KNOWLEDGE = "knowledge", _("Knowledge")
    OTHER = "", _("Unspecified")


TAXONOMY_LANGUAGES = ("en", "fr", "es")
