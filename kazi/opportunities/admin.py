from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import TrainingOffer, Vacancy, VacancySkill, VacancyTransition


class VacancySkillInline(admin.TabularInline):
    model = VacancySkill
    raw_id_fields = ("skill",)
    extra = 0


class VacancyTransitionInline(admin.TabularInline):
    """The history is read-only: status changes go through the moderation pages."""

    model = VacancyTransition
    fields = ("at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "country", "status", "closing_date", "published_at")
    list_filter = ("status", "kind", "country")
    search_fields = ("title", "organisation__name")
    raw_id_fields = ("organisation", "created_by", "occupation")
    readonly_fields = (
        "status",
        "status_reason",
        "pay_check",
        "published_at",
        "created_at",
        "updated_at",
    )
    inlines = (VacancySkillInline, VacancyTransitionInline)


@admin.register(TrainingOffer)
class TrainingOfferAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "provider",
        "mode",
        "country",
        "duration_hours",
        "cost",
        "currency",
        "active",
    )
    list_filter = ("mode", "active", "country")
    search_fields = ("title", "provider__name")
    raw_id_fields = ("provider", "skills")
