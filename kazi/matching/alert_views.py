"""The worker's job alerts in the app: new matches, newest first, unread ones marked."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kazi.accounts.consent import has_consent
from kazi.accounts.constants import ConsentPurpose
from kazi.accounts.models import User
from kazi.opportunities.constants import VacancyStatus

from . import alerts as alert_services
from .views import page_number, pages


def _worker(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not user.is_worker:
        raise Http404
    return user


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    worker = _worker(request)
    size = alert_services.ALERTS_PAGE_SIZE
    found = alert_services.alerts_for(worker)
    total = found.count()
    page = min(page_number(request), max(1, -(-total // size)))
    today = timezone.localdate()
    items = list(found[(page - 1) * size : page * size])
    return render(
        request,
        "matching/alerts.html",
        {
            "items": [
                {
                    "alert": item,
                    "vacancy": item.vacancy,
                    "unread": item.read_at is None,
                    "open": item.vacancy.status == VacancyStatus.PUBLISHED
                    and (item.vacancy.closing_date is None or item.vacancy.closing_date >= today),
                }
                for item in items
            ],
            "unread": found.filter(read_at__isnull=True).count(),
            "consented": has_consent(worker, ConsentPurpose.JOB_ALERTS),
            "pages": pages(page, total, size),
        },
    )


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    worker = _worker(request)
    changed = alert_services.mark_all_read(worker)
    if changed:
        messages.success(request, _("All your new matches are marked as read."))
    return redirect("matching:alerts")
