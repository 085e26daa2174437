"""Reads: the minimum wage in force for a country and the latest exchange rates."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F

from .models import ExchangeRate, MinimumWage


def current_minimum(country: str) -> MinimumWage | None:
    """The row with the newest effective date for ``country`` (latest import on a tie).

    The row may have no ``hourly_amount``: the source says there is no statutory minimum.
    """
    return (
        MinimumWage.objects.filter(country=country.upper())
        .order_by(F("effective_date").desc(nulls_last=True), "-imported_at", "-pk")
        .first()
    )


def units_per_usd() -> dict[str, Decimal]:
    """The latest rate for every currency, as units per US dollar (USD itself is 1)."""
    rates: dict[str, Decimal] = {}
    for currency, rate in ExchangeRate.objects.order_by("currency", "-as_of", "-pk").values_list(
        "currency", "units_per_usd"
    ):
        rates.setdefault(currency, rate)
    rates.setdefault("USD", Decimal(1))
    return rates


def latest_rate(currency: str) -> ExchangeRate | None:
    return ExchangeRate.objects.filter(currency=currency.upper()).order_by("-as_of", "-pk").first()
