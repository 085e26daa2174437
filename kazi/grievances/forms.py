"""Forms of the grievance pages. The services check the rules again (the API uses them
too); the forms give each field its label, help and error in the person's language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kazi.core.codes import country_choices

from .constants import Category, Outcome, State
from .services import DESCRIPTION_MAX, EMPLOYER_MAX, MAX_FILES, MESSAGE_MAX

EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,.mp3,.ogg,.m4a,application/pdf,image/*,audio/*"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the services check their kind, size and number)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


def evidence_help() -> str:
    return str(
        _(
            "Photos, PDF documents or voice recordings, up to %(max)d files. They are kept "
            "private: only the people handling your case can open them."
        )
        % {"max": MAX_FILES}
    )


class GrievanceForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What happened?"), choices=Category.choices, widget=forms.RadioSelect
    )
    country = forms.ChoiceField(label=_("Country where it happened"))
    origin_country = forms.ChoiceField(label=_("Country you come from (optional)"), required=False)
    employer_name = forms.CharField(
        label=_("Employer or recruitment agency concerned (optional)"),
        max_length=EMPLOYER_MAX,
        required=False,
    )
    licence_number = forms.CharField(
        label=_("Licence number of the agency, if you know it (optional)"),
        help_text=_("It is on the agency's papers or receipts. It helps us find the agency."),
        max_length=80,
        required=False,
    )
    agency = forms.IntegerField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("What happened, in your own words"),
        help_text=_("Write in any language. Say what happened, when, and who was involved."),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    evidence = MultipleFileField(label=_("Proof, if you have some (optional)"))
    anonymous = forms.BooleanField(
        label=_("File without my name (anonymously)"),
        help_text=_(
            "The case will not be linked to your account. Keep the case code and PIN: they "
            "are then the only way to follow it."
        ),
        required=False,
    )
    once = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, signed_in: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = list(country_choices(get_language() or "en"))
        self.fields["country"].choices = [("", "—"), *countries]  # type: ignore[attr-defined]
        self.fields["origin_country"].choices = [("", "—"), *countries]  # type: ignore[attr-defined]
        self.fields["evidence"].help_text = evidence_help()
        if not signed_in:
            del self.fields["anonymous"]


class FollowForm(forms.Form):
    code = forms.CharField(
        label=_("Case code"),
        help_text=_("For example KZ-7QX4-M2P9-H3TD. Small letters and spaces are fine."),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    pin = forms.CharField(
        label=_("PIN (6 digits)"),
        max_length=12,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Write to the people handling your case"),
        help_text=_("In any language."),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EvidenceForm(forms.Form):
    evidence = MultipleFileField(label=_("Add proof"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = evidence_help()


# ----------------------------------------------------------------------- staff


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open cases")), *State.choices],
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *Category.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    overdue = forms.BooleanField(label=_("Past their deadline only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = list(country_choices(get_language() or "en"))
        self.fields["country"].choices = [("", _("All")), *countries]  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Give the case to"), coerce=int)


class TransitionForm(forms.Form):
    state = forms.ChoiceField(label=_("New status"), choices=State.choices)
    reason = forms.CharField(
        label=_("Reason (the worker will read it; needed for “on hold”)"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome (needed to resolve or close)"),
        required=False,
        choices=[("", "—"), *Outcome.choices],
    )


class ReferForm(forms.Form):
    partner = forms.TypedChoiceField(label=_("Partner organisation"), coerce=int)
    note = forms.CharField(
        label=_("Internal note for the partner (optional; the worker does not see it)"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note (staff and partners only; the worker never sees it)"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message to the worker (shown on their timeline)"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
