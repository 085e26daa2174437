"""Matching state kept in the database: counsellor overrides, stored top-K matches, job
alerts and the change journal of the vector index. The database is the source of truth;
the index files under ``var/`` are derived from it and can be rebuilt at any time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kazi.accounts.models import OutboxMessage
from kazi.opportunities.models import Vacancy

from .constants import IndexKind, OverrideAction


class MatchOverride(models.Model):
    """A counsellor pinned, moved up or hid one opportunity for one worker, with a reason.

    Overrides are never deleted: lifting one sets ``lifted_at``; at most one is in force
    per (worker, vacancy)."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="match_overrides"
    )
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="overrides")
    action = models.CharField(_("action"), max_length=8, choices=OverrideAction.choices)
    reason = models.TextField(_("reason"), max_length=1000)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "vacancy"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_active_override",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.vacancy_id} for {self.worker_id}"


class StoredMatch(models.Model):
    """One of a worker's top-K opportunities, as computed by the last batch refresh."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stored_matches"
    )
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["worker", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "vacancy"], name="uniq_stored_match")
        ]
        indexes = [models.Index(fields=["worker", "rank"])]

    def __str__(self) -> str:
        return f"{self.worker_id} #{self.rank}: {self.vacancy_id}"


class MatchAlert(models.Model):
    """A new opportunity entered a worker's top-K: shown in the app, then sent in the
    worker's daily digest (when they consented to alerts)."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="match_alerts"
    )
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        "AlertDigest", on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "vacancy"], name="uniq_match_alert")
        ]

    def __str__(self) -> str:
        return f"alert {self.vacancy_id} for {self.worker_id}"


class AlertDigest(models.Model):
    """The one digest message a worker may receive on a given day."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_digests"
    )
    day = models.DateField()
    message = models.ForeignKey(
        OutboxMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["worker", "day"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"digest {self.day} for {self.worker_id}"


class IndexChange(models.Model):
    """Journal of objects whose vectors must be refreshed in the vector index.

    Written in the same transaction as the change; every process applies the entries after
    the sequence number its index file was saved at."""

    kind = models.CharField(max_length=12, choices=IndexKind.choices)
    object_id = models.PositiveBigIntegerField()
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.pk}: {self.kind} {self.object_id}"
