"""Django admin for the agency registry and reviews.

Licence lists and agencies come from imports (``kazi agencies import``): the admin is for
looking and for linking an agency to its Kazi organisation (for example an agency licensed
in a destination country under another number). Reviews are moderated on the moderation
page; here they are read-only and the author is never shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Agency, LicenceList, Review, ReviewReply


@admin.register(LicenceList)
class LicenceListAdmin(admin.ModelAdmin):
    list_display = ("country", "authority", "published_on", "row_count", "mapping", "imported_at")
    list_filter = ("country",)
    readonly_fields = (
        "country",
        "authority",
        "source_url",
        "published_on",
        "mapping",
        "file_name",
        "file_sha256",
        "row_count",
        "imported_at",
        "imported_by",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "licence_number", "status", "valid_until", "in_current_list")
    list_filter = ("country", "status", "in_current_list")
    search_fields = ("name", "name_key", "licence_number", "licence_key")
    raw_id_fields = ("organisation",)
    readonly_fields = (
        "country",
        "name",
        "name_key",
        "licence_number",
        "licence_key",
        "status",
        "valid_from",
        "valid_until",
        "addresses",
        "phone",
        "destinations",
        "licence_list",
        "in_current_list",
        "created_at",
        "updated_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("public_id", "pseudonym", "agency", "employer", "status", "publish_at")
    list_filter = ("status",)
    exclude = ("author",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Review._meta.fields if f.name != "author"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ReviewReply)
class ReviewReplyAdmin(admin.ModelAdmin):
    list_display = ("review", "updated_at")
    readonly_fields = ("review", "author", "created_at", "updated_at")
