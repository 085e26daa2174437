"""Forms for the vacancy pages (they work without JavaScript)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kazi.accounts.models import Organisation
from kazi.core import codes
from kazi.profiles.constants import PayPeriod
from kazi.taxonomy.models import Occupation

from . import selectors
from .constants import ContractType, VacancyKind
from .services import VacancyInput, vacancy_problems

# Languages offered as check boxes (ISO 639-1); others can be added by deployments.
VACANCY_LANGUAGES = (
    "en", "fr", "ar", "sw", "es", "pt", "tl", "bn", "hi", "ne", "ur", "am", "so", "ti",
    "om", "ha", "yo", "ig", "zu", "fa", "ps", "tr", "ru", "uk", "zh", "id", "ms", "th", "vi", "de",
)  # fmt: skip


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class VacancyForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=True
    )
    title = forms.CharField(
        label=_("Job title"),
        max_length=200,
        help_text=_("Then choose the matching occupation below: it fills in the skills."),
    )
    occupation = forms.IntegerField(label=_("Occupation (ESCO)"), required=False)
    kind = forms.ChoiceField(label=_("Type of work"), choices=VacancyKind.choices)
    description = forms.CharField(
        label=_("Description"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    country = forms.ChoiceField(label=_("Country of work"))
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    remote = forms.BooleanField(label=_("Can be done remotely"), required=False)
    pay_min = forms.DecimalField(
        label=_("Pay from"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    pay_max = forms.DecimalField(
        label=_("Pay up to"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
    )
    currency = forms.CharField(
        label=_("Currency"),
        min_length=3,
        max_length=3,
        help_text=_("ISO 4217 code, for example KES, JOD, PHP, EUR, BDT."),
    )
    pay_period = forms.ChoiceField(label=_("Pay period"), choices=PayPeriod.choices)
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        max_digits=4,
        decimal_places=1,
        min_value=1,
        max_value=80,
        required=False,
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    closing_date = forms.DateField(label=_("Closing date"), widget=DateInput())
    positions = forms.IntegerField(
        label=_("Number of positions"), min_value=1, max_value=1000, initial=1
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages needed"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, organisations: Any = None, editing: bool = False, **kwargs: Any
    ) -> None:
        """``organisations``: those the employer may post for; ``editing``: the vacancy
        exists already, so its organisation is not asked again."""
        super().__init__(*args, **kwargs)
        language = get_language()
        orgs = organisations if organisations is not None else Organisation.objects.none()
        self.single_organisation = orgs.count() == 1
        if editing:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = orgs  # type: ignore[attr-defined]
            if self.single_organisation:
                self.fields["organisation"].widget = forms.HiddenInput()
                self.fields["organisation"].initial = orgs.first().pk  # type: ignore[union-attr]
        self.fields["country"].choices = [("", "—"), *codes.country_choices(language)]  # type: ignore[attr-defined]
        self.fields["languages"].choices = sorted(  # type: ignore[attr-defined]
            ((code, codes.language_name(code, language)) for code in VACANCY_LANGUAGES),
            key=lambda pair: codes.fold(pair[1]),
        )
        if not self.is_bound and "closing_date" not in self.initial:
            self.initial["closing_date"] = timezone.localdate() + timedelta(days=30)

    def clean_currency(self) -> str:
        value = str(self.cleaned_data["currency"]).strip().upper()
        if not codes.is_currency(value):
            raise forms.ValidationError(
                _("Give the currency as an ISO 4217 code, for example KES or EUR.")
            )
        return value

    def clean_occupation(self) -> int | None:
        value = self.cleaned_data.get("occupation")
        if value is not None and not Occupation.objects.filter(pk=value).exists():
            raise forms.ValidationError(_("This occupation does not exist."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        for name, message in vacancy_problems(self.to_input()):
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def to_input(self) -> VacancyInput:
        data = self.cleaned_data
        return VacancyInput(
            title=data["title"],
            description=data["description"],
            country=data["country"],
            pay_min=data["pay_min"],
            currency=data["currency"],
            pay_period=data["pay_period"],
            contract_type=data["contract_type"],
            kind=data["kind"],
            occupation_id=data.get("occupation"),
            city=data.get("city") or "",
            remote=bool(data.get("remote")),
            pay_max=data.get("pay_max"),
            hours_per_week=data.get("hours_per_week"),
            start_date=data.get("start_date"),
            closing_date=data.get("closing_date"),
            positions=data.get("positions") or 1,
            languages=list(data.get("languages") or []),
        )


def initial_from_vacancy(vacancy: Any) -> dict[str, Any]:
    return {
        "organisation": vacancy.organisation_id,
        "title": vacancy.title,
        "occupation": vacancy.occupation_id,
        "kind": vacancy.kind,
        "description": vacancy.description,
        "country": vacancy.country,
        "city": vacancy.city,
        "remote": vacancy.remote,
        "pay_min": vacancy.pay_min,
        "pay_max": vacancy.pay_max,
        "currency": vacancy.currency,
        "pay_period": vacancy.pay_period,
        "contract_type": vacancy.contract_type,
        "hours_per_week": vacancy.hours_per_week,
        "start_date": vacancy.start_date,
        "closing_date": vacancy.closing_date,
        "positions": vacancy.positions,
        "languages": list(vacancy.languages or []),
    }


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the employer)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=2000, required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words in the title"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    remote = forms.BooleanField(label=_("Remote only"), required=False)
    occupation = forms.CharField(label=_("Occupation"), required=False, max_length=200)
    skill = forms.CharField(label=_("Skill"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language()
        countries = selectors.countries_with_opportunities()
        wanted = str(self.data.get("country", "")).upper()
        if codes.is_country(wanted) and wanted not in countries:
            countries.append(wanted)
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("All countries")),
            *sorted(
                ((c, codes.country_name(c, language)) for c in countries),
                key=lambda p: codes.fold(p[1]),
            ),
        ]
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            ("", _("All types")),
            *VacancyKind.choices,
            (selectors.TRAINING, _("Training")),
        ]

    def clean_country(self) -> str:
        return str(self.cleaned_data.get("country") or "").upper()
