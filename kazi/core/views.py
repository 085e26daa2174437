from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render


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
    return render(request, "core/home.html")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def placeholder(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Temporary target for URL names whose page is being built (removed when done)."""
    return HttpResponse("Not built yet", status=501)
