"""The key-terms form (grouped, phone-friendly), the deductions rows and the verify form."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.forms import BoundField, formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kazi.core import codes
from kazi.core.i18n import active_language
from kazi.profiles.constants import PayPeriod

from .constants import ContractStage, CostPayer
from .terms import Deduction, Terms

CURRENCY_HELP = _("Three letters, for example USD, QAR, KES.")


class DeductionForm(forms.Form):
    what = forms.CharField(label=_("What for"), max_length=80, required=False)
    amount = forms.DecimalField(
        label=_("Amount"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    period = forms.ChoiceField(
        label=_("Period"), choices=PayPeriod.choices, initial=PayPeriod.MONTH, required=False
    )

    def clean_currency(self) -> str:
        value = str(self.cleaned_data.get("currency") or "").strip().upper()
        if value and not codes.is_currency(value):
            raise forms.ValidationError(_("Unknown currency code."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("what") and data.get("amount") is None:
            self.add_error("amount", _("Give the amount."))
        if data.get("amount") is not None and not data.get("what"):
            self.add_error("what", _("Say what this deduction is for."))
        return data


DeductionFormSet = formset_factory(DeductionForm, extra=2, max_num=10, absolute_max=10)


# The fields of each group, in order (legend, field names).
GROUPS: list[tuple[Any, tuple[str, ...]]] = [
    (_("What this is"), ("label", "worker", "stage")),
    (_("Employer and job"), ("employer_name", "employer_country", "job_title")),
    (_("Place of work"), ("work_country", "work_city")),
    (_("Pay"), ("wage_amount", "wage_currency", "wage_period")),
    (
        _("Working time"),
        ("hours_per_week", "rest_days_per_week", "duration_months", "start_date"),
    ),
    (_("Who pays"), ("travel_paid_by", "recruitment_fees_paid_by", "visa_paid_by")),
    (_("The document"), ("document", "notes")),
]
PAYSLIP_FIELDS = {
    "stage",
    "wage_amount",
    "wage_currency",
    "wage_period",
    "hours_per_week",
    "document",
    "notes",
}


class TermsForm(forms.Form):
    """The key terms. ``mode``: "new" (a new contract), "agency" (new, for a worker named by
    e-mail or phone), "version" (a later version) or "payslip" (wage, hours, deductions)."""

    label = forms.CharField(
        label=_("A name for this contract (optional)"),
        help_text=_("For example: Housemaid in Doha, 2026."),
        max_length=120,
        required=False,
    )
    worker = forms.CharField(
        label=_("The worker's e-mail address or mobile number"),
        help_text=_("The worker must already have a Kazi account. They will be told."),
        max_length=254,
    )
    stage = forms.ChoiceField(label=_("What is this document?"), choices=ContractStage.choices)
    employer_name = forms.CharField(label=_("Employer's name"), max_length=200, required=False)
    employer_country = forms.ChoiceField(label=_("Employer's country"), required=False)
    job_title = forms.CharField(label=_("Job"), max_length=200, required=False)
    work_country = forms.ChoiceField(label=_("Country of work"), required=False)
    work_city = forms.CharField(label=_("City or town"), max_length=120, required=False)
    wage_amount = forms.DecimalField(
        label=_("Wage"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    wage_currency = forms.CharField(
        label=_("Currency"), max_length=3, required=False, help_text=CURRENCY_HELP
    )
    wage_period = forms.ChoiceField(
        # Not the bare "Paid" of the reviews ("the workers paid"): "the wage is paid".
        label=pgettext_lazy("wage period", "Paid"),
        choices=PayPeriod.choices,
        initial=PayPeriod.MONTH,
        required=False,
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours of work per week"),
        required=False,
        min_value=0,
        max_value=168,
        max_digits=5,
        decimal_places=1,
    )
    rest_days_per_week = forms.DecimalField(
        label=_("Rest days per week"),
        required=False,
        min_value=0,
        max_value=7,
        max_digits=2,
        decimal_places=1,
    )
    duration_months = forms.IntegerField(
        label=_("Length of the contract (months)"), required=False, min_value=1, max_value=600
    )
    start_date = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    travel_paid_by = forms.ChoiceField(
        label=_("Who pays the travel?"), choices=CostPayer.choices, initial=CostPayer.NOT_SAID
    )
    recruitment_fees_paid_by = forms.ChoiceField(
        label=_("Who pays the recruitment fees?"),
        choices=CostPayer.choices,
        initial=CostPayer.NOT_SAID,
    )
    visa_paid_by = forms.ChoiceField(
        label=_("Who pays the visa and work permit?"),
        choices=CostPayer.choices,
        initial=CostPayer.NOT_SAID,
    )
    document = forms.FileField(
        label=_("Photo or PDF of the document (optional)"),
        help_text=_("PDF, JPEG, PNG or WebP. Only you and the people you allow can open it."),
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, mode: str = "new", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mode = mode
        language = active_language()
        countries = [("", "—"), *codes.country_choices(language)]
        for name in ("employer_country", "work_country"):
            self.fields[name].choices = countries  # type: ignore[attr-defined]
        for name in ("wage_amount", "hours_per_week", "rest_days_per_week", "duration_months"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"
        self.fields["wage_currency"].widget.attrs.update(
            {"autocapitalize": "characters", "size": "4"}
        )
        if mode != "agency":
            del self.fields["worker"]
        if mode in ("version", "payslip"):
            del self.fields["label"]
            self.fields["stage"].choices = [  # type: ignore[attr-defined]
                c for c in ContractStage.choices if c[0] != ContractStage.PRE_DEPARTURE
            ]
        if mode == "payslip":
            for name in list(self.fields):
                if name not in PAYSLIP_FIELDS:
                    del self.fields[name]
            self.fields["stage"].widget = forms.HiddenInput()
            self.fields["wage_amount"].label = _("Wage paid")
            self.fields["hours_per_week"].label = _("Hours worked per week")

    def groups(self) -> list[dict[str, Any]]:
        """The fieldsets to show, in order; the deduction rows come after working time."""
        result: list[dict[str, Any]] = []
        for legend, names in GROUPS:
            fields: list[BoundField] = [self[name] for name in names if name in self.fields]
            if fields:
                result.append({"legend": legend, "fields": fields, "deductions": False})
            if "hours_per_week" in names:
                result.append({"legend": "", "fields": [], "deductions": True})
        return result

    def clean_wage_currency(self) -> str:
        value = str(self.cleaned_data.get("wage_currency") or "").strip().upper()
        if value and not codes.is_currency(value):
            raise forms.ValidationError(_("Unknown currency code."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("wage_amount") is not None and not data.get("wage_currency"):
            self.add_error("wage_currency", _("Give the currency of the wage."))
        return data

    def terms(self, deductions: list[Mapping[str, Any]]) -> Terms:
        data = self.cleaned_data
        return Terms.from_dict(
            {
                **{
                    k: v
                    for k, v in data.items()
                    if k not in ("label", "worker", "stage", "document")
                },
                "wage_period": data.get("wage_period")
                if data.get("wage_amount") is not None
                else "",
                "deductions": [
                    Deduction(
                        what=str(d["what"]),
                        amount=Decimal(d["amount"]),
                        currency=str(d.get("currency") or data.get("wage_currency") or ""),
                        period=str(d.get("period") or PayPeriod.MONTH),
                    ).to_dict()
                    for d in deductions
                    if d and d.get("what") and d.get("amount") is not None
                ],
            }
        )


def initial_from_terms(terms: Mapping[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Form and deduction initial values from stored terms (a later version starts from
    the previous one, so that the worker changes only what differs)."""
    initial = {
        k: v for k, v in terms.items() if k not in ("deductions", "schema") and v not in (None, "")
    }
    deductions = [dict(d) for d in terms.get("deductions") or []]
    return initial, deductions


class VerifyForm(forms.Form):
    r = forms.CharField(
        label=_("Receipt code"),
        help_text=_("The code printed under the QR code, starting with v1."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
    )


class DocumentCheckForm(forms.Form):
    r = forms.CharField(widget=forms.HiddenInput(), max_length=4000)
    document = forms.FileField(
        label=_("The contract document (optional)"),
        help_text=_(
            "Kazi computes its fingerprint (SHA-256) and compares it with the receipt. The "
            "file is not kept."
        ),
    )
