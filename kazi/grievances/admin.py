"""Django admin for grievances: read-mostly (state changes go through the services, so
that every change is recorded); descriptions and PIN hashes are not listed."""

from __future__ import annotations

from django.contrib import admin

from .models import CaseEvent, Evidence, Grievance


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ("original_name", "content_type", "size", "sha256", "uploaded_at")
    readonly_fields = fields
    can_delete = False


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    fields = ("at", "kind", "actor", "from_state", "to_state", "outcome", "internal", "text")
    readonly_fields = fields
    can_delete = False


@admin.register(Grievance)
class GrievanceAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "category",
        "country",
        "origin_country",
        "state",
        "due_at",
        "escalation_level",
        "created_at",
    )
    list_filter = ("state", "category", "country")
    readonly_fields = (
        "case_code", "filed_by", "language", "state", "state_since", "due_at", "escalation_level",
        "assigned_to", "partner", "outcome", "resolved_at", "created_at", "failed_pin_attempts",
        "locked_until",
    )  # fmt: skip
    exclude = ("pin_hash",)
    inlines = (EvidenceInline, CaseEventInline)

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False  # cases are filed on the site or through the API
