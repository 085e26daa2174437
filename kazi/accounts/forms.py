"""Forms of the accounts pages. Business rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from kazi.core.codes import country_choices

from .constants import CONSENT_EXPLANATIONS, ConsentPurpose, OrganisationKind, Role
from .models import User
from .phone import normalise_phone
from .services import DUPLICATE_EMAIL, DUPLICATE_PHONE, email_taken, phone_taken

PHONE_ERROR = _("Enter a mobile number with its country code, for example +254712345678")
PHONE_HELP = _("With the country code, for example +254712345678.")
CONSENT_PREFIX = "consent_"


def phone_widget() -> forms.TextInput:
    return forms.TextInput(
        attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "+254712345678"}
    )


def language_choices() -> list[tuple[str, str]]:
    """Each enabled language named in itself ("Français", "العربية"), so anyone finds theirs."""
    choices = []
    for code, name in settings.LANGUAGES:
        try:
            local = get_language_info(code)["name_local"]
        except KeyError:
            local = str(name)
        choices.append((code, local))
    return choices


def consent_field_name(purpose: str) -> str:
    return f"{CONSENT_PREFIX}{purpose}"


def _add_consent_fields(form: forms.Form, initial: dict[str, bool] | None = None) -> None:
    for purpose in ConsentPurpose:
        form.fields[consent_field_name(purpose.value)] = forms.BooleanField(
            label=purpose.label,
            help_text=CONSENT_EXPLANATIONS[purpose.value],
            required=False,
            initial=bool(initial and initial.get(purpose.value)),
        )


def consent_choices(cleaned_data: dict[str, Any]) -> dict[str, bool]:
    return {p.value: bool(cleaned_data.get(consent_field_name(p.value))) for p in ConsentPurpose}


class SignupForm(forms.Form):
    role = forms.ChoiceField(
        label=_("I am"),
        choices=[
            (Role.WORKER.value, _("Looking for work or training")),
            (Role.EMPLOYER.value, _("An employer, a recruitment agency or an organisation")),
        ],
        initial=Role.WORKER.value,
        widget=forms.RadioSelect,
    )
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        required=False,
        max_length=32,
        help_text=PHONE_HELP,
        widget=phone_widget(),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only numbers; not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    language = forms.ChoiceField(label=_("Language of the pages and messages"), choices=())
    organisation_name = forms.CharField(
        label=_("Name of your organisation"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", "—"), *OrganisationKind.choices],
    )
    organisation_country = forms.ChoiceField(
        label=_("Country of your organisation"), required=False, choices=()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]
        current = (get_language() or settings.LANGUAGE_CODE)[:2]
        if current in dict(settings.LANGUAGES):
            self.fields["language"].initial = current
        self.fields["organisation_country"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *country_choices(get_language()),
        ]
        _add_consent_fields(self)

    def consent_fields(self) -> list[forms.BoundField]:
        return [self[consent_field_name(p.value)] for p in ConsentPurpose]

    def clean_email(self) -> str:
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if email and email_taken(email):
            raise forms.ValidationError(DUPLICATE_EMAIL, code="duplicate")
        return email

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone") or ""
        if not raw.strip():
            return ""
        phone = normalise_phone(raw)
        if phone is None:
            raise forms.ValidationError(PHONE_ERROR, code="invalid_phone")
        if phone_taken(phone):
            raise forms.ValidationError(DUPLICATE_PHONE, code="duplicate")
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("email")
            and not data.get("phone")
            and not (self.has_error("email") or self.has_error("phone"))
        ):
            self.add_error(
                "email",
                forms.ValidationError(
                    _("Enter an e-mail address or a mobile number (one of the two is enough)."),
                    code="required",
                ),
            )
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2",
                forms.ValidationError(_("The two passwords are not the same."), code="mismatch"),
            )
        elif password1:
            candidate = User(
                email=data.get("email") or None,
                phone=data.get("phone") or None,
                display_name=data.get("display_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        if data.get("role") == Role.EMPLOYER:
            required = {
                "organisation_name": _("Enter the name of your organisation."),
                "organisation_kind": _("Choose the kind of organisation."),
                "organisation_country": _("Choose the country of your organisation."),
            }
            for name, message in required.items():
                if not data.get(name) and not self.has_error(name):
                    self.add_error(name, forms.ValidationError(message, code="required"))
        return data


class LoginForm(AuthenticationForm):
    """Sign in with an e-mail address or a mobile number.

    The field is called ``username`` so that django-axes counts failures per identifier;
    the identifier is put in one canonical form first (e-mail in lower case, phone in
    E.164) so that "+254 712…" and "+254712…" count as the same person.
    """

    username = forms.CharField(
        label=_("E-mail address or mobile number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )

    error_messages = {
        "invalid_login": _(
            "The e-mail address or mobile number and the password do not match an account. "
            "Check them and try again."
        ),
        "inactive": _("This account is closed."),
    }

    def clean_username(self) -> str:
        return canonical_identifier(self.cleaned_data.get("username") or "")

    @sensitive_variables()
    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            credentials = {"username": username, "password": password}
            # django-axes reads the identifier under AXES_USERNAME_FORM_FIELD, which
            # defaults to the user model's USERNAME_FIELD ("email"): pass it there too, so
            # that failures are counted per identifier whatever that setting says.
            axes_field = str(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username"))
            credentials.setdefault(axes_field, username)
            self.user_cache = authenticate(self.request, **credentials)
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def get_invalid_login_error(self) -> forms.ValidationError:
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


def canonical_identifier(raw: str) -> str:
    text = raw.strip()
    if "@" in text:
        return text.lower()
    return normalise_phone(text) or text


class PasswordResetRequestForm(forms.Form):
    identifier = forms.CharField(
        label=_("E-mail address or mobile number"),
        max_length=254,
        help_text=_("The one you signed up with. A mobile number needs its country code."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )

    def clean_identifier(self) -> str:
        raw = self.cleaned_data.get("identifier") or ""
        if "@" not in raw and normalise_phone(raw) is None:
            raise forms.ValidationError(
                _(
                    "Enter your e-mail address, or your mobile number with its country code, "
                    "for example +254712345678"
                ),
                code="invalid",
            )
        return canonical_identifier(raw)


class SettingsForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    language = forms.ChoiceField(label=_("Language of the pages and messages"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    def __init__(self, *args: Any, current: dict[str, bool] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_consent_fields(self, current)

    def choices(self) -> dict[str, bool]:
        return consent_choices(self.cleaned_data)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
