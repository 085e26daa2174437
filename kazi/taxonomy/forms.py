from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import ConceptKind


class TaxonomySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "autocapitalize": "off"}
        ),
        help_text=_("Type a few letters of a job or a skill, in your language."),
    )
    kind = forms.ChoiceField(
        label=_("Look for"),
        choices=[(ConceptKind.OCCUPATION, _("Occupations")), (ConceptKind.SKILL, _("Skills"))],
        initial=ConceptKind.OCCUPATION,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or ConceptKind.OCCUPATION
