from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import ApplicationStatus
from .services import MESSAGE_MAX, NOTE_MAX


class ApplyForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the employer (optional)"),
        help_text=_("A few words on why you are interested or when you can start."),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class StatusForm(forms.Form):
    """Any status is accepted here: the service refuses moves the table does not allow,
    with a message that says why."""

    status = forms.ChoiceField(label=_("New status"), choices=ApplicationStatus.choices)
    note = forms.CharField(
        label=_("Note to the worker (optional; they will see it)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
