"""Django admin for accounts: users (any role), organisations, and read-only logs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from .audit import record_access
from .constants import AuditAction, OutboxKind
from .forms import PHONE_ERROR
from .models import AuditEvent, Consent, Organisation, OutboxMessage, User
from .phone import normalise_phone


class _ContactMixin(forms.ModelForm):
    """E-mail in lower case, phone in E.164, and at least one of the two."""

    def clean_email(self) -> str | None:
        email = (self.cleaned_data.get("email") or "").strip().lower()
        return email or None

    def clean_phone(self) -> str | None:
        raw = (self.cleaned_data.get("phone") or "").strip()
        if not raw:
            return None
        phone = normalise_phone(raw)
        if phone is None:
            raise forms.ValidationError(PHONE_ERROR)
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("email") and not data.get("phone") and not self.errors:
            raise forms.ValidationError(_("Enter an e-mail address or a mobile number."))
        return data


class KaziUserCreationForm(_ContactMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "phone", "display_name", "role", "language")


class KaziUserChangeForm(_ContactMixin, UserChangeForm):
    class Meta:
        model = User
        fields = (
            "email",
            "phone",
            "password",
            "display_name",
            "role",
            "language",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        )


class OrganisationInline(admin.TabularInline):
    model = Organisation.members.through
    extra = 0
    verbose_name = _("organisation membership")
    verbose_name_plural = _("organisation memberships")
    autocomplete_fields = ("organisation",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = KaziUserChangeForm
    add_form = KaziUserCreationForm
    list_display = (
        "display_name",
        "email",
        "phone",
        "role",
        "language",
        "is_active",
        "date_joined",
    )
    list_filter = ("role", "is_active", "is_staff", "language")
    search_fields = ("email", "phone", "display_name")
    ordering = ("-date_joined",)
    readonly_fields = ("last_login", "date_joined")
    inlines = (OrganisationInline,)

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.inlines if obj is not None else ()  # memberships after creation

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Administrators reading a worker's account are audited like everyone else."""
        subject = self.get_object(request, object_id)
        if subject is not None and subject.is_worker and request.method == "GET":
            record_access(request.user, subject, AuditAction.VIEW_PROFILE, "Django admin")
        return super().change_view(request, object_id, form_url, extra_context)

    fieldsets = (
        (None, {"fields": ("email", "phone", "password")}),
        (_("Person"), {"fields": ("display_name", "role", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "phone",
                    "display_name",
                    "role",
                    "language",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "city", "created_at")
    list_filter = ("kind", "country")
    search_fields = ("name", "licence_number")
    filter_horizontal = ("members",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Logs are written by the application only: no adding, changing or deleting here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("user", "purpose", "granted", "recorded_at", "recorded_by")
    list_filter = ("purpose", "granted")
    search_fields = ("user__email", "user__phone", "user__display_name")
    date_hierarchy = "recorded_at"
    list_select_related = ("user", "recorded_by")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "subject", "detail")
    list_filter = ("action",)
    search_fields = ("subject__email", "subject__phone", "actor__email", "actor__display_name")
    date_hierarchy = "at"
    list_select_related = ("actor", "subject")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "channel", "kind", "recipient", "subject", "status", "attempts")
    list_filter = ("status", "channel", "kind")
    search_fields = ("recipient", "subject")
    date_hierarchy = "created_at"

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if obj is not None and obj.kind == OutboxKind.PASSWORD_RESET and obj.status != "sent":
            # A live reset link lets whoever reads it take over the account.
            fields = [name for name in fields if name != "body"]
        return fields
