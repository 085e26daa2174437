"""Display helpers for opportunity pages: names of countries and languages in the
interface language, pay ranges and ESCO labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from kazi.core import codes
from kazi.core.i18n import active_language
from kazi.profiles.constants import PayPeriod
from kazi.wages.services import friendly_money

register = template.Library()


@register.filter
def country_label(code: str) -> str:
    return codes.country_name(code, active_language()) if code else ""


@register.filter
def language_label(code: str) -> str:
    return codes.language_name(code, active_language()) if code else ""


@register.filter
def concept_label(concept: Any) -> str:
    """An occupation's or a skill's preferred label in the interface language."""
    return concept.label(active_language()) if concept is not None else ""


@register.filter
def pay_range(item: Any) -> str:
    """``30,000–40,000 KES per month`` for a vacancy."""
    low = friendly_money(item.pay_min)
    amount = (
        f"{low}–{friendly_money(item.pay_max)}"
        if item.pay_max and item.pay_max != item.pay_min
        else low
    )
    try:
        period = str(PayPeriod(item.pay_period).label)
    except ValueError:
        period = item.pay_period
    return f"{amount} {item.currency} {period}"


@register.filter
def place(item: Any) -> str:
    parts = (
        [item.city, codes.country_name(item.country, active_language())]
        if item.city
        else [codes.country_name(item.country, active_language())]
    )
    text = ", ".join(p for p in parts if p)
    if getattr(item, "remote", False):
        text = _("%(place)s or remote") % {"place": text} if text else _("Remote")
    return text
