"""Forms for the profile steps and the counsellor pages. They check shapes and choices;
the business rules live in services.py (whose errors the views put on these forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kazi.accounts.constants import ConsentPurpose
from kazi.core import codes

from .constants import (
    COMMON_LANGUAGES,
    Availability,
    EducationLevel,
    PayPeriod,
    RightToWork,
    SkillLevel,
    WorkType,
)
from .models import Education, Experience, WorkerProfile


def _label(model: Any, name: str) -> Any:
    return capfirst(model._meta.get_field(name).verbose_name)


class KaziForm(forms.Form):
    """Labels without a trailing colon (they sit above the field on small screens)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _blank(choices: Any, text: Any = "—") -> list[tuple[str, Any]]:
    return [("", text), *choices]


class YearInput(forms.NumberInput):
    def __init__(self) -> None:
        super().__init__(attrs={"inputmode": "numeric", "min": 1950, "max": 2100, "step": 1})


class AboutForm(KaziForm):
    languages = forms.MultipleChoiceField(
        label=_label(WorkerProfile, "languages"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    country = forms.ChoiceField(label=_label(WorkerProfile, "country"))
    city = forms.CharField(label=_label(WorkerProfile, "city"), max_length=120, required=False)
    origin_country = forms.ChoiceField(
        label=_label(WorkerProfile, "origin_country"),
        required=False,
        help_text=_("Only if you want to say it."),
    )
    summary = forms.CharField(
        label=_label(WorkerProfile, "summary"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you are good at, what you are looking for."),
    )

    def __init__(self, *args: Any, language: str, extra_languages: tuple[str, ...] = (), **kw: Any):
        super().__init__(*args, **kw)
        offered = COMMON_LANGUAGES + tuple(c for c in extra_languages if c not in COMMON_LANGUAGES)
        choices = []
        for code, name, own in codes.language_choices(language, offered):
            label = format_html('{} · <bdi lang="{}">{}</bdi>', name, code, own) if own else name
            choices.append((code, label))
        self.fields["languages"].choices = choices  # type: ignore[attr-defined]
        countries = codes.country_choices(language)
        self.fields["country"].choices = _blank(countries)  # type: ignore[attr-defined]
        self.fields["origin_country"].choices = _blank(countries)  # type: ignore[attr-defined]


class WishesForm(KaziForm):
    work_types = forms.MultipleChoiceField(
        label=_label(WorkerProfile, "work_types"),
        choices=WorkType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    accepts_remote = forms.BooleanField(
        label=_label(WorkerProfile, "accepts_remote"), required=False
    )
    min_pay_amount = forms.DecimalField(
        label=_label(WorkerProfile, "min_pay_amount"),
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
        help_text=_("Leave empty if you prefer not to say."),
    )
    min_pay_currency = forms.ChoiceField(
        label=_label(WorkerProfile, "min_pay_currency"), required=False
    )
    min_pay_period = forms.ChoiceField(
        label=_label(WorkerProfile, "min_pay_period"),
        choices=_blank(PayPeriod.choices),
        required=False,
    )
    max_hours_per_week = forms.IntegerField(
        label=_label(WorkerProfile, "max_hours_per_week"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 100}),
        help_text=_("Leave empty if any hours suit you."),
    )
    availability = forms.ChoiceField(
        label=_label(WorkerProfile, "availability"),
        choices=_blank(Availability.choices),
        required=False,
    )
    right_to_work = forms.ChoiceField(
        label=_("Can you work legally in the country where you are?"),
        choices=_blank(RightToWork.choices),
        required=False,
        help_text=_("This helps us show you safe offers. It is never shown to employers."),
    )

    def __init__(self, *args: Any, language: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["min_pay_currency"].choices = _blank(  # type: ignore[attr-defined]
            codes.currency_choices(language)
        )
        if not settings.KAZI_ASK_RIGHT_TO_WORK:
            del self.fields["right_to_work"]


class ExperienceForm(KaziForm):
    title = forms.CharField(label=_label(Experience, "title"), max_length=200)
    description = forms.CharField(
        label=_label(Experience, "description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In any language. We will suggest the skills your words show."),
    )
    place = forms.CharField(label=_label(Experience, "place"), max_length=200, required=False)
    paid = forms.BooleanField(label=_label(Experience, "paid"), required=False)
    formal = forms.BooleanField(label=_label(Experience, "formal"), required=False)
    start_year = forms.IntegerField(
        label=_label(Experience, "start_year"), required=False, widget=YearInput()
    )
    end_year = forms.IntegerField(
        label=_label(Experience, "end_year"),
        required=False,
        widget=YearInput(),
        help_text=_("Leave empty if you still do it."),
    )


class EducationForm(KaziForm):
    level = forms.ChoiceField(
        label=_label(Education, "level"), choices=_blank(EducationLevel.choices)
    )
    title = forms.CharField(label=_label(Education, "title"), max_length=200, required=False)
    institution = forms.CharField(
        label=_label(Education, "institution"), max_length=200, required=False
    )
    year = forms.IntegerField(label=_label(Education, "year"), required=False, widget=YearInput())


class SearchForm(KaziForm):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)


class ConceptForm(KaziForm):
    """The id of a skill or occupation picked from search results or suggestions."""

    concept = forms.IntegerField(min_value=1)
    level = forms.ChoiceField(choices=SkillLevel.choices, required=False)
    q = forms.CharField(max_length=100, required=False)


class SkillLevelForm(KaziForm):
    level = forms.ChoiceField(label=_("Level"), choices=SkillLevel.choices, required=False)


class NoteForm(KaziForm):
    text = forms.CharField(
        label=_("New note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RegisterWorkerForm(KaziForm):
    display_name = forms.CharField(label=_("Name"), max_length=120)
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_("With the country code, for example +254 712 345 678."),
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    country = forms.ChoiceField(label=_("Country where the worker is"), required=False)
    language = forms.ChoiceField(label=_("Language the worker prefers"))

    def __init__(self, *args: Any, language: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["country"].choices = _blank(  # type: ignore[attr-defined]
            codes.country_choices(language)
        )
        self.fields["language"].choices = list(settings.LANGUAGES)  # type: ignore[attr-defined]
        self.fields["language"].initial = language
        for purpose in ConsentPurpose:
            self.fields[f"consent_{purpose.value}"] = forms.BooleanField(
                label=purpose.label, required=False
            )

    def consents(self) -> dict[str, bool]:
        return {p.value: bool(self.cleaned_data.get(f"consent_{p.value}")) for p in ConsentPurpose}

    def consent_fields(self) -> list[forms.BoundField]:
        return [self[f"consent_{p.value}"] for p in ConsentPurpose]

    def identity_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("display_name", "phone", "email", "country", "language")]
