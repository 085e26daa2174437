from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kazi.core import codes
from kazi.core.i18n import active_language

from .constants import AgeBand, Disability, Gender

NOT_SAYING = ("", _("— I prefer not to answer —"))


class AuditFactsForm(forms.Form):
    """Every question is optional; radio buttons work without JavaScript on any phone."""

    gender = forms.ChoiceField(
        label=_("Your gender"),
        choices=[NOT_SAYING, *Gender.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    age_band = forms.ChoiceField(
        label=_("Your age group"),
        choices=[NOT_SAYING, *AgeBand.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    nationality = forms.ChoiceField(label=_("Your nationality"), choices=(), required=False)
    disability = forms.ChoiceField(
        label=_("Do you have a disability?"),
        choices=[NOT_SAYING, *Disability.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "A long-term physical, mental, intellectual or sensory impairment that can make "
            "work or getting work harder."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [  # type: ignore[attr-defined]
            NOT_SAYING,
            *codes.country_choices(active_language()),
        ]
