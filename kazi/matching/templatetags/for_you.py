"""Helpers of the "For you" page: names of the score's factors, the training that teaches a
missing skill, and the words for a counsellor's override."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kazi.opportunities.models import TrainingOffer

from .. import engine
from ..constants import OverrideAction
from ..overrides import BOOST, HIDE, PIN

register = template.Library()

FACTOR_LABELS: dict[str, Promise] = {
    engine.SKILL_FIT: _("Skills"),
    engine.OCCUPATION_FIT: _("Occupation"),
    engine.PAY: _("Pay"),
    engine.HOURS: _("Hours"),
    engine.START: _("Start date"),
    engine.LANGUAGE: _("Languages"),
    engine.RIGHT_TO_WORK: _("Right to work"),
    engine.FRESHNESS: _("How new"),
}

# What the worker reads on a result a counsellor moved.
WORKER_BADGES: dict[str, Promise] = {
    PIN: _("Pinned by your counsellor"),
    BOOST: _("Moved up by your counsellor"),
    HIDE: _("Hidden by your counsellor"),
}

# What a counsellor reads on the same result in the worker's list.
COUNSELLOR_BADGES: dict[str, Promise] = {
    PIN: _("Pinned to the top of this person's list"),
    BOOST: _("Moved up in this person's list"),
    HIDE: _("Hidden from this person's list"),
}


@register.filter
def factor_label(name: str) -> str:
    """The factor's name in the interface language (the code name if it has none yet)."""
    label = FACTOR_LABELS.get(name)
    return str(label) if label is not None else name


@register.filter
def override_badge(action: str, on_behalf: bool = False) -> str:
    badges = COUNSELLOR_BADGES if on_behalf else WORKER_BADGES
    label = badges.get(action)
    return str(label) if label is not None else ""


@register.simple_tag
def training_for(suggestions: Iterable[object], skill_id: int) -> TrainingOffer | None:
    """The first suggested training offer that teaches ``skill_id`` (suggestions are
    ``selectors.TrainingSuggestion``: best first)."""
    for suggestion in suggestions:
        for tag in getattr(suggestion, "teaches", ()):
            if tag.id == skill_id:
                offer = getattr(suggestion, "offer", None)
                return offer if isinstance(offer, TrainingOffer) else None
    return None


@register.simple_tag
def override_choices() -> list[tuple[str, str]]:
    """(value, label) of the override actions, for the counsellor's form."""
    return [(str(value), str(label)) for value, label in OverrideAction.choices]
