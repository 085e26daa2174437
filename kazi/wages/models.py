"""Statutory minimum wages per country and the exchange rates used to compare pay."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kazi.profiles.constants import PayPeriod

from .constants import ImportKind, WageDataset


class MinimumWage(models.Model):
    """A statutory minimum wage, expressed per hour, with its legal workweek and source.

    ``hourly_amount`` is empty when the source says the country has no statutory minimum.
    ``stated_amount``/``stated_period`` keep the figure as published (e.g. 15,120 KES per
    month) so that checks in the same period are exact. The newest effective date wins.
    """

    country = models.CharField(
        _("country"), max_length=2, db_index=True, help_text=_("ISO 3166 alpha-2 code, e.g. KE")
    )
    hourly_amount = models.DecimalField(
        _("amount per hour"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Empty when the country has no statutory minimum wage."),
    )
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217 code"))
    workweek_hours = models.DecimalField(
        _("legal workweek (hours)"), max_digits=5, decimal_places=2, default=40
    )
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    effective_text = models.CharField(_("effective date as published"), max_length=60, blank=True)
    source = models.CharField(_("source"), max_length=300)
    imported_at = models.DateTimeField(auto_now_add=True)
    dataset = models.CharField(
        _("dataset"), max_length=12, choices=WageDataset.choices, default=WageDataset.OFFICIAL
    )
    stated_amount = models.DecimalField(
        _("amount as published"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    stated_period = models.CharField(
        _("period as published"), max_length=10, choices=PayPeriod.choices, blank=True
    )

    class Meta:
        ordering = ["country", "-effective_date", "-imported_at"]
        verbose_name = _("minimum wage")
        verbose_name_plural = _("minimum wages")

    def __str__(self) -> str:
        return f"{self.country} {self.hourly_amount} {self.currency}/h"


class ExchangeRate(models.Model):
    """How many units of ``currency`` buy one US dollar, on a date, from a named source."""

    currency = models.CharField(
        _("currency"), max_length=3, db_index=True, help_text=_("ISO 4217 code")
    )
    units_per_usd = models.DecimalField(
        _("units per US dollar"),
        max_digits=18,
        decimal_places=6,
        help_text=_("How many units of this currency buy one US dollar."),
    )
    as_of = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["currency", "-as_of"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")

    def __str__(self) -> str:
        return f"1 USD = {self.units_per_usd} {self.currency} ({self.as_of})"


class WageDataImport(models.Model):
    """One imported file (by fingerprint), so that re-running an import is a no-op."""

    kind = models.CharField(max_length=12, choices=ImportKind.choices)
    file_name = models.CharField(max_length=300)
    fingerprint = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "fingerprint"], name="uniq_wage_import")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.imported_at:%Y-%m-%d})"
