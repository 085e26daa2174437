"""Screening results a worker chose to keep. A screening in private mode stores nothing;
only "Save to my account" creates a row here."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SavedScreening(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="screenings"
    )
    sector = models.CharField(max_length=20)
    language = models.CharField(max_length=8)
    # Question id -> answer id, as answered.
    answers = models.JSONField()
    # The result as the rules gave it: level and the ids of the indicators found.
    level = models.CharField(max_length=10)
    indicators = models.JSONField(default=list)
    # The worker may show it to a counsellor they consented to (COUNSELLOR_CONTACT).
    shared_with_counsellor = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"screening {self.pk} ({self.level})"

    @property
    def level_label(self) -> str:
        from .constants import Level

        return str(dict(Level.choices).get(self.level, self.level))

    @property
    def sector_label(self) -> str:
        from .constants import Sector

        return str(dict(Sector.choices).get(self.sector, self.sector))
