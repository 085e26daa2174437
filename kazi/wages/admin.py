from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .importers import import_official
from .models import ExchangeRate, MinimumWage, WageDataImport
from .parsing import FileFormatError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class OfficialWagesUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of official minimum wages"),
        help_text=_("Header: country,amount,currency,period,workweek_hours,effective_date,source"),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Choose a .csv file."))
        return upload


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

    def get_urls(self) -> list[URLPattern]:
        upload = path(
            "import/",
            self.admin_site.admin_view(self.import_official_view),
            name="wages_minimumwage_import",
        )
        return [upload, *super().get_urls()]

    def import_official_view(self, request: HttpRequest) -> HttpResponse:
        """Upload official figures: every row is checked, nothing is saved if one is wrong."""
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        form = OfficialWagesUploadForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            with tempfile.TemporaryDirectory() as folder:
                saved = Path(folder) / Path(upload.name).name
                with saved.open("wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                try:
                    report = import_official(saved)
                except FileFormatError as error:
                    errors = error.errors
                except UnicodeDecodeError:
                    errors = [gettext("The file is not UTF-8 text.")]
                else:
                    if report.already_imported:
                        messages.info(request, gettext("This file was already imported."))
                    else:
                        text = ngettext(
                            "%(rows)d official minimum wage imported.",
                            "%(rows)d official minimum wages imported.",
                            report.rows,
                        )
                        messages.success(request, text % {"rows": report.rows})
                    return HttpResponseRedirect(reverse("admin:wages_minimumwage_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import official minimum wages"),
            "form": form,
            "errors": errors,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/wages/minimumwage/import.html", context)


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
