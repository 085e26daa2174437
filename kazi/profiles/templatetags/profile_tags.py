"""``{% purl "step" "about" %}``: a profile URL for the worker themself, or the same page
for a counsellor acting for a worker (when the template context has ``subject_id``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()

_COUNSELLOR_NAMES = {"overview": "worker", "cv": "worker_cv"}


def profile_url(subject_id: int | None, name: str, *args: Any) -> str:
    if subject_id is None:
        return reverse(f"profiles:{name}", args=args)
    counsellor_name = _COUNSELLOR_NAMES.get(name, f"worker_{name}")
    return reverse(f"profiles:{counsellor_name}", args=[subject_id, *args])


@register.simple_tag(takes_context=True)
def purl(context: template.Context, name: str, *args: Any) -> str:
    return profile_url(context.get("subject_id"), name, *args)
