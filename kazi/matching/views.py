"""Recommendation pages: vacancies for a worker, candidates for an employer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kazi.accounts.audit import record_access
from kazi.accounts.consent import has_consent
from kazi.accounts.constants import AuditAction, ConsentPurpose
from kazi.accounts.models import User
from kazi.applications.models import Application
from kazi.core.i18n import active_language
from kazi.profiles.models import WorkerProfile
from kazi.profiles.selectors import worker_for_counsellor

from . import selectors, services


def page_number(request: HttpRequest) -> int:
    """The ``page`` query parameter (1 when missing or not a number)."""
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def pages(page: int, total: int, size: int = selectors.PAGE_SIZE) -> dict[str, int | None]:
    """What ``matching/_pager.html`` needs to link to the other pages."""
    last = max(1, -(-total // size))
    return {
        "page": page,
        "last": last,
        "previous": page - 1 if page > 1 else None,
        "next": page + 1 if page < last else None,
    }


@login_required
def for_you(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not user.is_worker:
        raise Http404
    return _recommendations_page(request, user, on_behalf=False)


@login_required
def for_worker(request: HttpRequest, user_id: int) -> HttpResponse:
    """A counsellor sees a consenting worker's recommendations and can apply for them."""
    counsellor = request.user
    assert isinstance(counsellor, User)
    worker = worker_for_counsellor(counsellor, user_id)
    if worker is None:
        raise Http404
    record_access(counsellor, worker, AuditAction.VIEW_PROFILE, "recommendations")
    return _recommendations_page(request, worker, on_behalf=True)


def _recommendations_page(request: HttpRequest, worker: User, *, on_behalf: bool) -> HttpResponse:
    profile = WorkerProfile.objects.filter(user=worker).first()
    context: dict[str, object] = {"profile": profile, "worker": worker, "on_behalf": on_behalf}
    if profile is None:
        context["state"] = "no_profile"
    elif not has_consent(worker, ConsentPurpose.MATCHING):
        context["state"] = "no_consent"
    else:
        page = page_number(request)
        recommendations = selectors.recommend_vacancies(
            profile,
            active_language(),
            offset=(page - 1) * selectors.PAGE_SIZE,
            limit=selectors.PAGE_SIZE,
            show_hidden=on_behalf,
        )
        applied = set(
            Application.objects.filter(
                worker=worker, vacancy_id__in=[r.vacancy.pk for r in recommendations.items]
            ).values_list("vacancy_id", flat=True)
        )
        facts = recommendations.worker
        context.update(
            state="ok",
            recommendations=recommendations,
            applied=applied,
            has_skills=bool(facts.skill_ids),
            seeks_vacancies=selectors.seeks_vacancies(facts),
            pages=pages(page, recommendations.total),
        )
    return render(request, "matching/for_you.html", context)


@login_required
def candidates(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    vacancy = selectors.employer_vacancy(user, vacancy_id)
    if vacancy is None:
        raise Http404
    page = page_number(request)
    found = selectors.candidates_for_vacancy(
        vacancy,
        active_language(),
        offset=(page - 1) * selectors.PAGE_SIZE,
        limit=selectors.PAGE_SIZE,
    )
    services.record_candidates_shown(
        user, vacancy, [c.worker.pk for c in found.items], AuditAction.VIEW_CANDIDATE
    )
    return render(
        request,
        "matching/candidates.html",
        {"vacancy": vacancy, "candidates": found, "pages": pages(page, found.total)},
    )
