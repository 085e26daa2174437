"""Forms of the recruitment pages (every one works without JavaScript)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kazi.core import codes
from kazi.core.i18n import active_language

from . import mappings
from .constants import FeePaidTo, YesNo
from .services import FEES_FOR_MAX, NOTE_MAX, REPLY_MAX, STORY_MAX, ReviewInput

STARS = [(n, str(n)) for n in range(5, 0, -1)]
YES_NO_FIELDS = (
    "contract_before_departure",
    "contract_in_my_language",
    "documents_kept",
    "job_as_promised",
    "pay_as_promised",
    "orientation",
)


def _countries(blank: str) -> list[tuple[str, str]]:
    return [("", blank), *codes.country_choices(active_language())]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Agency or employer name, or licence number"), required=False, max_length=200
    )


class ReviewForm(forms.Form):
    used_from = forms.DateField(
        label=_("When did you start using them?"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only the year is ever shown."),
    )
    used_until = forms.DateField(
        label=_("When did it end?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if it has not ended."),
    )
    origin_country = forms.ChoiceField(label=_("Country you left from"), required=False)
    destination_country = forms.ChoiceField(label=_("Country you went to work in"))
    contract_before_departure = forms.ChoiceField(
        label=_("Did you receive your contract before you left?"),
        choices=YesNo.choices,
        widget=forms.RadioSelect,
    )
    contract_in_my_language = forms.ChoiceField(
        label=_("Was the contract in a language you read?"),
        choices=YesNo.choices,
        widget=forms.RadioSelect,
    )
    documents_kept = forms.ChoiceField(
        label=_("Did someone else keep your passport or other documents?"),
        choices=YesNo.choices,
        widget=forms.RadioSelect,
    )
    job_as_promised = forms.ChoiceField(
        label=_("Was the job the one you were promised?"),
        choices=YesNo.choices,
        widget=forms.RadioSelect,
    )
    pay_as_promised = forms.ChoiceField(
        label=_("Was the pay what you were promised?"),
        choices=YesNo.choices,
        widget=forms.RadioSelect,
    )
    orientation = forms.ChoiceField(
        label=_("Did you get an orientation before you left?"),
        choices=YesNo.choices,
        widget=forms.RadioSelect,
    )
    fees_amount = forms.DecimalField(
        label=_("How much did you pay in fees and costs to get the job?"),
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        initial=0,
        help_text=_("Write 0 if you paid nothing. Workers should not pay recruitment fees."),
    )
    fees_currency = forms.ChoiceField(label=_("Currency"), required=False)
    fees_paid_to = forms.ChoiceField(
        label=_("Who did you pay?"),
        choices=FeePaidTo.choices,
        initial=FeePaidTo.NOBODY,
        widget=forms.RadioSelect,
    )
    fees_for = forms.CharField(
        label=_("What were the fees for?"), required=False, max_length=FEES_FOR_MAX
    )
    rating_overall = forms.TypedChoiceField(
        label=_("Overall"), choices=STARS, coerce=int, widget=forms.RadioSelect
    )
    rating_honesty = forms.TypedChoiceField(
        label=_("Honest information"), choices=STARS, coerce=int, widget=forms.RadioSelect
    )
    rating_treatment = forms.TypedChoiceField(
        label=_("Treatment and support"), choices=STARS, coerce=int, widget=forms.RadioSelect
    )
    story = forms.CharField(
        label=_("Your story (optional)"),
        required=False,
        max_length=STORY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Do not write names, phone numbers or passport numbers: a moderator removes them."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = active_language()
        blank = str(_("Choose a country"))
        self.fields["origin_country"].choices = _countries(blank)  # type: ignore[attr-defined]
        self.fields["destination_country"].choices = _countries(blank)  # type: ignore[attr-defined]
        self.fields["fees_currency"].choices = [  # type: ignore[attr-defined]
            ("", str(_("Choose a currency"))),
            *codes.currency_choices(language),
        ]

    def to_input(self) -> ReviewInput:
        data = self.cleaned_data
        return ReviewInput(
            used_from=data["used_from"],
            used_until=data.get("used_until"),
            origin_country=data.get("origin_country") or "",
            destination_country=data["destination_country"],
            fees_amount=data.get("fees_amount") or Decimal(0),
            fees_currency=data.get("fees_currency") or "",
            fees_paid_to=data.get("fees_paid_to") or FeePaidTo.NOBODY,
            fees_for=data.get("fees_for") or "",
            story=data.get("story") or "",
            **{name: data[name] for name in YES_NO_FIELDS},
            rating_overall=data["rating_overall"],
            rating_honesty=data["rating_honesty"],
            rating_treatment=data["rating_treatment"],
        )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    story = forms.CharField(
        label=_("Story (remove personal data before approving)"),
        required=False,
        max_length=STORY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    note = forms.CharField(
        label=_("Note to the author"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you reject the review."),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your public reply"),
        max_length=REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("The list (CSV or XLSX)"))
    country = forms.ChoiceField(label=_("Country that issues the licences"))
    authority = forms.CharField(label=_("Issuing authority"), max_length=200)
    published_on = forms.DateField(
        label=_("Date of the list"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source_url = forms.URLField(
        label=_("Where the list was published"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    mapping = forms.ChoiceField(
        label=_("Column mapping"),
        choices=[(key, m.title) for key, m in mappings.MAPPINGS.items()],
        initial="generic",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _countries(  # type: ignore[attr-defined]
            str(_("Choose a country"))
        )
