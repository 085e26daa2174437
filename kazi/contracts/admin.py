from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Read-only: the chain is append-only (only the application writes it)."""

    list_display = ("seq", "entry_hash", "prev_hash", "recorded_at")
    readonly_fields = ("seq", "prev_hash", "entry_hash", "body", "recorded_at")
    search_fields = ("entry_hash",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
