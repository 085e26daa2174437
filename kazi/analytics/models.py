"""Facts a worker gives only for the fairness audit.

They are read by the audit alone (``kazi/analytics/selectors.py``): never by the ranking
(``kazi.matching.facts.WorkerFacts`` has no field for them), never shown to employers or
counsellors, not in the Django admin. They are erased when the worker withdraws the
fairness-audit consent (``kazi/analytics/signals.py``) or deletes their account (cascade).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import AgeBand, Disability, Gender


class AuditFacts(models.Model):
    """One row per worker; every fact is optional ("" = not given)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="audit_facts"
    )
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("age group"), max_length=8, choices=AgeBand.choices, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)  # ISO 3166-1
    disability = models.CharField(
        _("disability"), max_length=12, choices=Disability.choices, blank=True
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("facts for the fairness audit")
        verbose_name_plural = _("facts for the fairness audit")

    def __str__(self) -> str:
        return f"audit facts of user {self.user_id}"

    @property
    def is_empty(self) -> bool:
        return not (self.gender or self.age_band or self.nationality or self.disability)
