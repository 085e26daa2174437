"""Pages: sign up, sign in and out, password reset, settings, audit log, export, deletion."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kazi.core.errors import DomainError

from . import services
from .consent import current_consents
from .constants import STAFF_ROLES, ConsentPurpose, Role
from .export import export_json
from .forms import (
    ConsentForm,
    DeleteAccountForm,
    LoginForm,
    PasswordResetRequestForm,
    SettingsForm,
    SignupForm,
    consent_choices,
)
from .links import reset_url_builder
from .models import User
from .permissions import organisations_of, signed_in_user
from .selectors import access_lines, audit_events_about, consent_history

BACKEND = "kazi.accounts.backends.EmailOrPhoneBackend"


def set_language_cookie(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _landing(user: User) -> str:
    if user.role == Role.EMPLOYER:
        return reverse("opportunities:mine")
    if user.role == Role.WORKER:
        return reverse("profiles:overview")
    return reverse("core:home")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.sign_up(
                services.SignUp(
                    display_name=data["display_name"],
                    password=data["password1"],
                    language=data["language"],
                    role=data["role"],
                    email=data["email"] or None,
                    phone=data["phone"] or None,
                    organisation_name=data.get("organisation_name", ""),
                    organisation_kind=data.get("organisation_kind", ""),
                    organisation_country=data.get("organisation_country", ""),
                    consents=consent_choices(data),
                )
            )
        except DomainError as error:
            form.add_error(error.field, str(error.message))
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("Welcome to %(site)s!") % {"site": settings.KAZI_SITE_NAME})
            return set_language_cookie(redirect(_landing(user)), user.language)
    return render(request, "accounts/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        user = form.get_user()
        if isinstance(user, User):
            # Forget earlier failures from this address (axes only does it for the
            # e-mail form of the identifier), then apply the saved language.
            services.forget_login_failures(user, getattr(self.request, "axes_ip_address", None))
            if user.language in dict(settings.LANGUAGES):
                set_language_cookie(response, user.language)
        return response


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]
    next_page = "core:home"


@require_http_methods(["GET", "POST"])
def password_reset_request(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_password_reset(
            form.cleaned_data["identifier"], build_url=reset_url_builder(request)
        )
        return redirect("accounts:password_reset_sent")
    return render(request, "accounts/password_reset_request.html", {"form": form})


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        if isinstance(self.user, User):
            services.after_password_reset(self.user)
        return response


def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_complete.html")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    details = SettingsForm(
        initial={"display_name": user.display_name, "language": user.language}, prefix="details"
    )
    consents = ConsentForm(current=current_consents(user), prefix="consents")
    if request.method == "POST" and request.POST.get("section") == "details":
        details = SettingsForm(request.POST, prefix="details")
        if details.is_valid():
            try:
                services.update_settings(
                    user,
                    display_name=details.cleaned_data["display_name"],
                    language=details.cleaned_data["language"],
                )
            except DomainError as error:
                details.add_error(error.field, str(error.message))
            else:
                messages.success(request, _("Your settings have been saved."))
                return set_language_cookie(redirect("accounts:settings"), user.language)
    elif request.method == "POST" and request.POST.get("section") == "consents" and user.is_worker:
        consents = ConsentForm(request.POST, current=current_consents(user), prefix="consents")
        if consents.is_valid():
            services.update_consents(user, consents.choices(), by=user)
            messages.success(request, _("Your choices have been saved."))
            return redirect("accounts:settings")
    context = {
        "details": details,
        "consents": consents if user.is_worker else None,
        "history": list(consent_history(user)[:100]) if user.is_worker else [],
        "purposes": dict(ConsentPurpose.choices),
        "organisations": organisations_of(user),
        "can_delete": user.role not in STAFF_ROLES and not user.is_superuser,
    }
    return render(request, "accounts/settings.html", context)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    page = Paginator(audit_events_about(user), 50).get_page(request.GET.get("page"))
    context = {"page": page, "lines": access_lines(list(page.object_list))}
    return render(request, "accounts/audit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(export_json(user), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kazi-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    staff = user.role in STAFF_ROLES or user.is_superuser
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and not staff and form.is_valid():
        try:
            services.delete_account(user, form.cleaned_data["password"])
        except DomainError as error:
            form.add_error(error.field, str(error.message))
        else:
            logout(request)
            return redirect("accounts:deleted")
    status = 403 if staff and request.method == "POST" else 200
    return render(request, "accounts/delete.html", {"form": form, "staff": staff}, status=status)


def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")
