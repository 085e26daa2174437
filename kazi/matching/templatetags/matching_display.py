"""Display helpers for recommendation and application pages: country and language
names, and pay ranges, in the interface language."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from django import template
from django.utils.translation import gettext as _

from kazi.core import codes
from kazi.core.i18n import active_language
from kazi.opportunities.models import Vacancy
from kazi.profiles.constants import PayPeriod

register = template.Library()


@register.filter
def country_name(code: str | None) -> str:
    return codes.country_name(code or "", active_language())


@register.filter
def language_name(code: str | None) -> str:
    return codes.language_name(code or "", active_language())


def _amount(value: Decimal) -> str:
    return str(format_decimal(value, locale=active_language().replace("-", "_")))


def pay_text(vacancy: Vacancy) -> str:
    """``30,000–40,000 KES per month`` in the interface language."""
    period = PayPeriod(vacancy.pay_period).label if vacancy.pay_period in PayPeriod.values else ""
    amount = _amount(vacancy.pay_min)
    if vacancy.pay_max and vacancy.pay_max != vacancy.pay_min:
        amount = _("%(low)s–%(high)s") % {"low": amount, "high": _amount(vacancy.pay_max)}
    return f"{amount} {vacancy.currency} {period}".strip()


@register.filter
def pay(vacancy: Vacancy) -> str:
    try:
        return pay_text(vacancy)
    except (ValueError, TypeError, ArithmeticError):
        return ""


@register.filter
def place(vacancy: Vacancy) -> str:
    """``Nairobi, Kenya`` or ``Remote`` (or both)."""
    where = ", ".join(p for p in (vacancy.city, country_name(vacancy.country)) if p)
    if vacancy.remote:
        return _("%(place)s or remote") % {"place": where} if where else _("Remote")
    return where
