"""Grievances: cases filed by workers (signed in or anonymous), their evidence and their
full activity log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kazi.accounts.models import Organisation
from kazi.core.uploads import private_storage
from kazi.recruitment.models import Agency

from .constants import Category, EventKind, Outcome, State


class Grievance(models.Model):
    # A random code the worker keeps (not derived from the id: it cannot be guessed or
    # enumerated), and the hash of a PIN that goes with it.
    case_code = models.CharField(max_length=20, unique=True)
    pin_hash = models.CharField(max_length=200)
    # Null for an anonymous grievance: then nothing links the case to a person.
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grievances",
    )
    language = models.CharField(max_length=8, default="en")
    category = models.CharField(_("what happened"), max_length=24, choices=Category.choices)
    country = models.CharField(_("country where it happened"), max_length=2)
    origin_country = models.CharField(_("country you come from"), max_length=2, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("recruitment agency concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grievances",
    )
    employer_name = models.CharField(_("employer or agency concerned"), max_length=200, blank=True)
    description = models.TextField(_("what happened, in your words"), max_length=10000)
    state = models.CharField(max_length=12, choices=State.choices, default=State.NEW)
    state_since = models.DateTimeField()
    # When the current state must be left by (None for resolved or closed cases).
    due_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_grievances",
    )
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("partner organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_grievances",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Failed PIN attempts in a row (the case locks for a while after too many).
    failed_pin_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["category", "country"]),
        ]

    def __str__(self) -> str:
        return self.case_code


class Evidence(models.Model):
    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=private_storage, upload_to="evidence/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class CaseEvent(models.Model):
    """One line of a case's activity log. ``internal`` events are never shown to the
    worker (internal notes, views, assignments); the others make the worker's timeline."""

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_state = models.CharField(max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=State.choices, blank=True)
    text = models.TextField(blank=True, max_length=10000)
    # The outcome given when the case was resolved or closed (state events only).
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    # The file added (evidence events), or opened (views of a piece of evidence).
    evidence = models.ForeignKey(
        Evidence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The partner organisation a referral went to (referral events).
    partner = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    internal = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.grievance_id} {self.kind}"
