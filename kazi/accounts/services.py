"""Account actions: sign up, password reset, settings, consents, deletion.

Each function is one business action in one transaction and raises ``DomainError`` with a
user-facing message when a rule refuses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kazi.core.errors import DomainError

from .backends import find_user
from .consent import record_consents
from .constants import STAFF_ROLES, Channel, OrganisationKind, OutboxKind, Role
from .models import AuditEvent, Organisation, OutboxMessage, User
from .outbox import queue_message

DUPLICATE_EMAIL = gettext_lazy(
    "An account with this e-mail address already exists. Sign in, or ask for a new "
    "password if you have forgotten it."
)
DUPLICATE_PHONE = gettext_lazy(
    "An account with this mobile number already exists. Sign in, or ask for a new "
    "password if you have forgotten it."
)
# At most this many reset messages per account per hour (stops message flooding).
RESET_MESSAGES_PER_HOUR = 3


@dataclass(frozen=True)
class SignUp:
    display_name: str
    password: str
    language: str
    role: str
    email: str | None = None
    phone: str | None = None  # E.164, already normalised
    organisation_name: str = ""
    organisation_kind: str = ""
    organisation_country: str = ""
    consents: dict[str, bool] = field(default_factory=dict)


def email_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=email.strip()).exists()


def phone_taken(phone: str) -> bool:
    return User.objects.filter(phone=phone).exists()


def sign_up(data: SignUp) -> User:
    """Create a worker or an employer (with their organisation) and record consents."""
    if data.role not in (Role.WORKER, Role.EMPLOYER):
        raise DomainError(gettext_lazy("Choose worker or employer."), field="role")
    if not data.email and not data.phone:
        raise DomainError(
            gettext_lazy("Enter an e-mail address or a mobile number."), field="email"
        )
    if data.language not in dict(settings.LANGUAGES):
        raise DomainError(gettext_lazy("Choose one of the offered languages."), field="language")
    if data.email and email_taken(data.email):
        raise DomainError(DUPLICATE_EMAIL, field="email", code="duplicate")
    if data.phone and phone_taken(data.phone):
        raise DomainError(DUPLICATE_PHONE, field="phone", code="duplicate")
    if data.role == Role.EMPLOYER:
        if not data.organisation_name.strip():
            raise DomainError(
                gettext_lazy("Enter the name of your organisation."), field="organisation_name"
            )
        if data.organisation_kind not in OrganisationKind.values:
            raise DomainError(
                gettext_lazy("Choose the kind of organisation."), field="organisation_kind"
            )
        if len(data.organisation_country) != 2:
            raise DomainError(
                gettext_lazy("Choose the country of your organisation."),
                field="organisation_country",
            )
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                data.email or None,
                data.password,
                phone=data.phone or None,
                display_name=data.display_name.strip(),
                role=data.role,
                language=data.language,
            )
            if data.role == Role.EMPLOYER:
                organisation = Organisation.objects.create(
                    name=data.organisation_name.strip(),
                    kind=data.organisation_kind,
                    country=data.organisation_country.upper(),
                )
                organisation.members.add(user)
            else:
                record_consents(user, {key: bool(value) for key, value in data.consents.items()})
    except IntegrityError as exc:  # a parallel sign-up took the address in the meantime
        if data.phone and phone_taken(data.phone):
            raise DomainError(DUPLICATE_PHONE, field="phone", code="duplicate") from exc
        raise DomainError(DUPLICATE_EMAIL, field="email", code="duplicate") from exc
    return user


def update_settings(user: User, *, display_name: str, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise DomainError(gettext_lazy("Choose one of the offered languages."), field="language")
    if not display_name.strip():
        raise DomainError(gettext_lazy("Enter your name."), field="display_name")
    with transaction.atomic():
        user.display_name = display_name.strip()
        user.language = language
        user.save(update_fields=["display_name", "language"])
    return user


def update_consents(user: User, choices: dict[str, bool], *, by: User | None = None) -> None:
    """Append a consent record for every purpose whose state changes."""
    if not user.is_worker:
        raise DomainError(gettext_lazy("Only workers give consents."))
    with transaction.atomic():
        record_consents(user, choices, recorded_by=by or user)


def reset_link_parts(user: User) -> tuple[str, str]:
    """The ``uidb64`` and ``token`` of a password-reset link for ``user``."""
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


def request_password_reset(identifier: str, *, build_url: Callable[[str, str], str]) -> None:
    """Queue a reset link to the e-mail address or mobile number, if an account has it.

    Always returns quietly, so that the page cannot tell whether an account exists.
    ``build_url(uidb64, token)`` returns the absolute link.
    """
    user = find_user(identifier)
    # An account without a usable password (registered by a counsellor) may set one here.
    if user is None or not user.is_active:
        return
    channel = Channel.EMAIL if "@" in identifier else Channel.SMS
    recipient = user.email if channel == Channel.EMAIL else user.phone
    if not recipient:
        return
    recent = OutboxMessage.objects.filter(
        user=user,
        kind=OutboxKind.PASSWORD_RESET,
        created_at__gte=timezone.now() - timedelta(hours=1),
    )
    if recent.count() >= RESET_MESSAGES_PER_HOUR:
        return
    link = build_url(*reset_link_parts(user))
    site = settings.KAZI_SITE_NAME
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    with translation.override(user.language):
        if channel == Channel.EMAIL:
            subject = _("%(site)s: choose a new password") % {"site": site}
            body = _(
                "Hello %(name)s,\n\n"
                "Someone asked to change the password of your %(site)s account. "
                "If it was you, open this link and choose a new password:\n\n"
                "%(link)s\n\n"
                "The link works for %(days)s days and only once. "
                "If you did not ask for it, ignore this message: your password stays the same."
            ) % {"name": user.display_name, "site": site, "link": link, "days": days}
        else:
            subject = ""
            body = _("%(site)s: choose a new password here: %(link)s") % {
                "site": site,
                "link": link,
            }
    with transaction.atomic():
        queue_message(
            channel, recipient, body, subject=subject, user=user, kind=OutboxKind.PASSWORD_RESET
        )


def send_account_setup_link(user: User, *, build_url: Callable[[str, str], str]) -> None:
    """Tell a worker registered by a counsellor how to choose their password (in their
    language, by e-mail or else SMS). The link is a password-reset link."""
    channel, recipient = (Channel.EMAIL, user.email) if user.email else (Channel.SMS, user.phone)
    if not recipient:
        return
    link = build_url(*reset_link_parts(user))
    site = settings.KAZI_SITE_NAME
    with translation.override(user.language):
        subject = _("Your %(site)s account is ready") % {"site": site}
        body = _(
            "%(site)s: a counsellor created an account for you. "
            "Choose your password here to sign in: %(link)s"
        ) % {"site": site, "link": link}
    queue_message(
        channel, recipient, body, subject=subject, user=user, kind=OutboxKind.ACCOUNT_SETUP
    )


def login_identifiers(user: User) -> list[str]:
    """The identifiers the login form passes on (e-mail in lower case, phone in E.164)."""
    found = [(user.email or "").lower(), user.email or "", user.phone or ""]
    return list(dict.fromkeys(i for i in found if i))


def forget_login_failures(user: User, ip_address: str | None) -> None:
    """After a successful sign-in, clear the failures counted for it from that address."""
    from axes.utils import reset as axes_reset

    if not ip_address:
        return
    for identifier in login_identifiers(user):
        axes_reset(ip=ip_address, username=identifier)


def after_password_reset(user: User) -> None:
    """Lift a login lock-out once the person has proved they own the account."""
    from axes.utils import reset as axes_reset

    for identifier in login_identifiers(user):
        axes_reset(username=identifier)


def delete_account(user: User, password: str) -> None:
    """Delete the account and, through cascades, the profile, applications and consents.

    Organisations stay (with their vacancies) when their last member leaves.
    """
    if user.role in STAFF_ROLES or user.is_superuser:
        raise DomainError(
            gettext_lazy(
                "Staff accounts are closed by an administrator. Please ask your administrator."
            ),
            code="staff",
        )
    if not user.check_password(password):
        raise DomainError(
            gettext_lazy("This is not your password. Your account was not deleted."),
            field="password",
            code="wrong_password",
        )
    from axes.models import AccessAttempt, AccessLog

    identifiers = login_identifiers(user)
    with transaction.atomic():
        AuditEvent.objects.filter(subject=user).delete()
        user.organisations.clear()
        AccessAttempt.objects.filter(username__in=identifiers).delete()
        AccessLog.objects.filter(username__in=identifiers).delete()
        user.delete()
