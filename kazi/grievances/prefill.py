"""A grievance form pre-filled by another part of Kazi (contract substitution found by the
contracts app, a screening result), carried in the session, never in the URL."""

from __future__ import annotations

from typing import Any, TypedDict

from django.http import HttpRequest
from django.urls import reverse

SESSION_KEY = "kazi_grievance_prefill"


class Prefill(TypedDict, total=False):
    category: str  # a kazi.grievances.constants.Category value
    description: str
    country: str
    origin_country: str
    employer_name: str
    agency_id: int


def offer_grievance(request: HttpRequest, **prefill: Any) -> str:
    """Keep ``prefill`` for the next grievance form the visitor opens; return its URL."""
    allowed = Prefill.__annotations__.keys()
    request.session[SESSION_KEY] = {k: v for k, v in prefill.items() if k in allowed and v}
    return reverse("grievances:file") + "?prefilled=1"


def take_prefill(request: HttpRequest) -> Prefill:
    """The pre-filled values, if any (they stay until the grievance is filed)."""
    value = request.session.get(SESSION_KEY)
    return Prefill(**value) if isinstance(value, dict) else Prefill()


def clear_prefill(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
