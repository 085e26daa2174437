"""Worker profiles: who they are, what they want, what they have done and can do."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kazi.taxonomy.models import Occupation, Skill

from .constants import Availability, EducationLevel, PayPeriod, RightToWork, SkillLevel


class WorkerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    languages = models.JSONField(_("languages spoken"), default=list)
    country = models.CharField(_("country where you are"), max_length=2, blank=True)
    city = models.CharField(_("city or town"), max_length=120, blank=True)
    origin_country = models.CharField(_("country of origin"), max_length=2, blank=True)
    work_types = models.JSONField(_("work you are looking for"), default=list)
    accepts_remote = models.BooleanField(_("I can work remotely"), default=False)
    min_pay_amount = models.DecimalField(
        _("lowest pay you accept"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    min_pay_currency = models.CharField(_("currency"), max_length=3, blank=True)
    min_pay_period = models.CharField(
        _("period"), max_length=10, choices=PayPeriod.choices, blank=True
    )
    max_hours_per_week = models.PositiveSmallIntegerField(
        _("most hours a week you can work"), null=True, blank=True
    )
    availability = models.CharField(
        _("when you can start"), max_length=12, choices=Availability.choices, blank=True
    )
    right_to_work = models.CharField(
        _("right to work"), max_length=10, choices=RightToWork.choices, blank=True
    )
    summary = models.TextField(_("about you, in a few words"), blank=True, max_length=2000)
    occupations = models.ManyToManyField(
        Occupation, blank=True, related_name="+", through="ProfileOccupation"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of {self.user}"


class ProfileOccupation(models.Model):
    """An occupation of interest, with who added it (the worker or a counsellor).

    Uses the table of the former plain many-to-many field, so no data moves.
    """

    profile = models.ForeignKey(
        WorkerProfile, on_delete=models.CASCADE, db_column="workerprofile_id"
    )
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "profiles_workerprofile_occupations"
        unique_together = [("profile", "occupation")]

    def __str__(self) -> str:
        return f"{self.profile_id} → {self.occupation_id}"


class Experience(models.Model):
    profile = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="experiences")
    title = models.CharField(_("what you did"), max_length=200)
    description = models.TextField(_("describe it in your own words"), blank=True, max_length=4000)
    place = models.CharField(_("where"), max_length=200, blank=True)
    paid = models.BooleanField(_("paid work"), default=True)
    formal = models.BooleanField(_("with a contract"), default=False)
    start_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to (year)"), null=True, blank=True)
    occupation = models.ForeignKey(Occupation, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-start_year", "-pk"]

    def __str__(self) -> str:
        return self.title


class Education(models.Model):
    profile = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="education")
    level = models.CharField(_("level"), max_length=12, choices=EducationLevel.choices)
    title = models.CharField(_("course or diploma"), max_length=200, blank=True)
    institution = models.CharField(_("school or institution"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year finished"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title or self.level


class ProfileSkill(models.Model):
    profile = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=10, choices=SkillLevel.choices, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="uniq_profile_skill")
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} → {self.skill_id}"


class CounsellorNote(models.Model):
    """A counsellor's note on a worker: seen by counsellors and the worker, never employers."""

    profile = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"note {self.pk} on {self.profile_id}"
