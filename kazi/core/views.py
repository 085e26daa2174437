from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.i18n import set_language as django_set_language

from kazi.accounts.constants import Role
from kazi.accounts.models import User


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated:
        if user.is_worker:
            return redirect("matching:for_you")
        if user.is_employer:
            return redirect("opportunities:mine")
        if user.is_counsellor:
            return redirect("profiles:caseload")
        if user.is_moderator:
            return redirect("opportunities:moderation")
        if user.role == Role.PARTNER:
            return redirect("grievances:queue")
    return render(request, "core/home.html")


def protection(request: HttpRequest) -> HttpResponse:
    """The worker-protection tools in one place: screening, agencies, contracts, grievances."""
    return render(request, "core/protection.html")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher, which also saves the choice on the signed-in user's
    account so that it follows them to other devices and to their messages."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response
