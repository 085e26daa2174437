"""Display helpers for recruitment pages: licence verdicts, stars with words, answers,
fees."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from kazi.core import codes
from kazi.core.i18n import active_language
from kazi.wages.services import friendly_money

from .. import selectors
from ..constants import YesNo

register = template.Library()


@register.simple_tag
def licence_verdict(vacancy: Any) -> selectors.LicenceVerdict:
    """The licence verdict of the vacancy's organisation for its country of work."""
    return selectors.licence_verdict(vacancy.organisation, vacancy.country)


@register.filter
def country_name(code: str) -> str:
    return codes.country_name(code, active_language()) if code else ""


@register.filter
def answer(code: str) -> str:
    return str(YesNo(code).label) if code in YesNo.values else code


@register.filter
def paid_to(code: str) -> str:
    return selectors.paid_to_label(code)


@register.filter
def money(amount: Decimal | None, currency: str = "") -> str:
    if amount is None:
        return ""
    return f"{friendly_money(amount)} {currency}".strip()


@register.inclusion_tag("recruitment/_stars.html")
def stars(value: float, label: str = "") -> dict[str, Any]:
    """Stars drawn for the eye, with the figure in words for screen readers and anyone
    who reads text better than glyphs."""
    from ..ratings import stars as split

    full, half, empty = split(float(value))
    return {
        "full": range(full),
        "half": half,
        "empty": range(empty),
        "text": _("%(value)s out of 5") % {"value": formats.number_format(float(value), 1)},
        "label": label,
    }
