"""Statutory minimum wages per country and the exchange rates used to compare pay."""

from __future__ import annotations

from django.db import models


class MinimumWage(models.Model):
    """A statutory minimum wage, expressed per hour, with its legal workweek and source."""

    country = models.CharField(max_length=2, db_index=True)
    hourly_amount = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    currency = models.CharField(max_length=3)
    workweek_hours = models.DecimalField(max_digits=5, decimal_places=2, default=40)
    effective_date = models.DateField(null=True, blank=True)
    effective_text = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=300)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country", "-effective_date", "-imported_at"]

    def __str__(self) -> str:
        return f"{self.country} {self.hourly_amount} {self.currency}/h"


class ExchangeRate(models.Model):
    """How many units of ``currency`` buy one US dollar, on a date, from a named source."""

    currency = models.CharField(max_length=3, db_index=True)
    units_per_usd = models.DecimalField(max_digits=18, decimal_places=6)
    as_of = models.DateField()
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["currency", "-as_of"]

    def __str__(self) -> str:
        return f"1 USD = {self.units_per_usd} {self.currency} ({self.as_of})"
