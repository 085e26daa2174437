from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import ExchangeRate, MinimumWage, WageDataImport


@admin.register(MinimumWage)
class MinimumWageAdmin(admin.ModelAdmin):
    """Import instructions are shown above the list (templates/admin/wages/…)."""

    change_list_template = "admin/wages/minimumwage/change_list.html"
    list_display = (
        "country",
        "hourly_amount",
        "currency",
        "stated_amount",
        "stated_period",
        "workweek_hours",
        "effective_date",
        "dataset",
        "source",
    )
    list_filter = ("dataset", "currency")
    search_fields = ("country", "source")
    ordering = ("country", "-effective_date")


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    change_list_template = "admin/wages/exchangerate/change_list.html"
    list_display = ("currency", "units_per_usd", "as_of", "source")
    list_filter = ("currency",)
    search_fields = ("currency", "source")


@admin.register(WageDataImport)
class WageDataImportAdmin(admin.ModelAdmin):
    list_display = ("kind", "file_name", "rows", "imported_at")
    readonly_fields = ("kind", "file_name", "fingerprint", "rows", "report", "imported_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
