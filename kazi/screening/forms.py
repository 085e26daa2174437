from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kazi.core.codes import country_choices
from kazi.core.i18n import active_language

from .constants import Answer, Sector
from .questions import questions_for


class StartForm(forms.Form):
    """Step 1: the kind of work, and (optionally) the country where the person works."""

    sector = forms.ChoiceField(
        label=_("What work do you do?"), choices=Sector.choices, widget=forms.RadioSelect
    )
    country = forms.ChoiceField(
        label=_("Country where you work (you may leave this empty)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", "—"), *country_choices(active_language())]


class AnswersForm(forms.Form):
    """Step 2: one optional radio group per question of the sector."""

    sector = forms.ChoiceField(choices=Sector.choices, widget=forms.HiddenInput)
    country = forms.CharField(max_length=2, required=False, widget=forms.HiddenInput)

    def __init__(self, sector: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Answer.choices)
        self.questions = questions_for(sector)
        for question in self.questions:
            self.fields[question.id] = forms.ChoiceField(
                label=question.text,
                choices=[(a, labels[a]) for a in question.answers],
                required=False,
                widget=forms.RadioSelect,
            )

    def clean_country(self) -> str:
        value = str(self.cleaned_data.get("country") or "").upper()
        return value if len(value) == 2 and value.isalpha() else ""

    def answers(self) -> dict[str, str]:
        return {q.id: self.cleaned_data[q.id] for q in self.questions if self.cleaned_data[q.id]}
