"""Opportunities: vacancies (jobs, gigs, micro-tasks) and training offers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kazi.accounts.models import Organisation
from kazi.profiles.constants import PayPeriod
from kazi.taxonomy.models import Occupation, Skill

from .constants import ContractType, TrainingMode, VacancyKind, VacancyStatus


class Vacancy(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="vacancies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(
        _("type of work"), max_length=12, choices=VacancyKind.choices, default=VacancyKind.JOB
    )
    title = models.CharField(_("job title"), max_length=200)
    occupation = models.ForeignKey(
        Occupation,
        verbose_name=_("occupation (ESCO)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    description = models.TextField(_("description"), max_length=10000)
    country = models.CharField(_("country of work"), max_length=2)
    city = models.CharField(_("city"), max_length=120, blank=True)
    remote = models.BooleanField(_("can be done remotely"), default=False)
    pay_min = models.DecimalField(_("pay from"), max_digits=12, decimal_places=2)
    pay_max = models.DecimalField(
        _("pay up to"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3)
    pay_period = models.CharField(_("pay period"), max_length=10, choices=PayPeriod.choices)
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices
    )
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    positions = models.PositiveIntegerField(_("number of positions"), default=1)
    languages = models.JSONField(_("languages needed"), default=list, blank=True)
    status = models.CharField(
        max_length=12, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT
    )
    status_reason = models.TextField(blank=True)
    pay_check = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    source_url = models.URLField(blank=True, max_length=500)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "country"])]
        verbose_name_plural = "vacancies"

    def __str__(self) -> str:
        return self.title


class VacancySkill(models.Model):
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="skill_requirements"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    essential = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "skill"], name="uniq_vacancy_skill")
        ]

    def __str__(self) -> str:
        kind = "essential" if self.essential else "optional"
        return f"{self.vacancy_id}: {self.skill_id} ({kind})"


class VacancyTransition(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=VacancyStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=VacancyStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.vacancy_id}: {self.from_status or '-'} → {self.to_status}"


class TrainingOffer(models.Model):
    provider = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="training_offers"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    mode = models.CharField(_("mode"), max_length=12, choices=TrainingMode.choices)
    country = models.CharField(_("country"), max_length=2, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    duration_hours = models.PositiveIntegerField(_("duration (hours)"), null=True, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    url = models.URLField(_("link"), blank=True)
    skills = models.ManyToManyField(
        Skill, related_name="training_offers", verbose_name=_("skills taught")
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title
