"""The number of unread job alerts, for the navigation:

{% load match_alerts %}{% unread_alerts user as new_matches %}
<a href="{% url 'matching:alerts' %}">{% translate "New matches" %}
  {% if new_matches %} ({{ new_matches }}){% endif %}</a>
"""

from __future__ import annotations

from typing import Any

from django import template

from kazi.accounts.models import User
from kazi.matching.alerts import unread_count

register = template.Library()


@register.simple_tag
def unread_alerts(user: Any) -> int:
    """Unread alerts of an open opportunity; 0 for anyone but a signed-in worker."""
    if not isinstance(user, User):
        return 0
    return unread_count(user)
