"""Application pages: apply, my applications, one application, applications to a vacancy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kazi.accounts.audit import record_access, record_access_many
from kazi.accounts.consent import has_consent
from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
from kazi.accounts.models import User
from kazi.core.errors import DomainError
from kazi.core.i18n import active_language
from kazi.matching.facts import WorkerFacts
from kazi.matching.reasons import Audience, reason_for, skill_labels
from kazi.matching.selectors import get_engine, opportunity_facts, worker_facts
from kazi.opportunities.constants import VacancyStatus
from kazi.opportunities.models import Vacancy
from kazi.profiles.models import WorkerProfile

from . import selectors, services
from .forms import ApplyForm, StatusForm
from .models import Application


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required guarantees a signed-in user
        raise Http404
    return user


def _reason(vacancy: Vacancy, worker: User) -> str:
    """Why this vacancy fits (or not) the worker, as on the recommendations page."""
    profile = getattr(worker, "profile", None)
    facts = (
        worker_facts(profile)
        if isinstance(profile, WorkerProfile)
        else WorkerFacts(id=worker.pk, skill_ids=frozenset())
    )
    item = get_engine().score(facts, opportunity_facts(vacancy), today=timezone.localdate())
    return reason_for(
        item, skill_labels(item.missing_essential, active_language()), Audience.WORKER
    )


def _apply_page(
    request: HttpRequest, vacancy_id: int, worker: User, counsellor: User | None = None
) -> HttpResponse:
    vacancy = (
        Vacancy.objects.select_related("organisation")
        .prefetch_related("skill_requirements")
        .filter(pk=vacancy_id, status=VacancyStatus.PUBLISHED)
        .first()
    )
    if vacancy is None:
        raise Http404
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.apply(
                vacancy, worker, form.cleaned_data["message"], submitted_by=counsellor or worker
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            if counsellor:
                messages.success(
                    request,
                    _("The application was sent for %(name)s.") % {"name": worker.display_name},
                )
            else:
                messages.success(
                    request,
                    _("Your application was sent. You will be told here when its status changes."),
                )
            return redirect("applications:detail", application.pk)
    return render(
        request,
        "applications/apply.html",
        {
            "vacancy": vacancy,
            "form": form,
            "worker": worker,
            "counsellor": counsellor,
            "existing": Application.objects.filter(vacancy=vacancy, worker=worker).first(),
            "refusal": services.refusal_to_apply(vacancy),
            "reason": _reason(vacancy, worker),
        },
    )


@login_required
def apply(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    user = _user(request)
    if not user.is_worker:
        raise Http404
    return _apply_page(request, vacancy_id, user)


@login_required
def apply_for(request: HttpRequest, vacancy_id: int, user_id: int) -> HttpResponse:
    """A counsellor applies on behalf of a worker who allows counsellors to help them."""
    user = _user(request)
    if not user.is_counsellor:
        raise Http404
    worker = User.objects.filter(pk=user_id, role=Role.WORKER, is_active=True).first()
    if worker is None or not has_consent(worker, ConsentPurpose.COUNSELLOR_CONTACT):
        raise Http404
    response = _apply_page(request, vacancy_id, worker, counsellor=user)
    if request.method == "GET" and response.status_code == 200:
        # The page says how the worker's skills fit the vacancy.
        record_access(
            user, worker, AuditAction.VIEW_PROFILE, f"apply on their behalf to vacancy {vacancy_id}"
        )
    return response


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.is_worker:
        raise Http404
    applications = list(selectors.applications_of_worker(user))
    rows = [(a, selectors.timeline(a, user)) for a in applications]
    return render(request, "applications/mine.html", {"rows": rows})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    application = selectors.visible_applications(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_application(
                application, form.cleaned_data["status"], user, form.cleaned_data["note"]
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(
                request,
                _("The application is now: %(status)s.")
                % {"status": services.status_label(form.cleaned_data["status"])},
            )
            return redirect("applications:detail", application.pk)
    summary = None
    if user.pk != application.worker_id:
        record_access(user, application.worker, AuditAction.VIEW_APPLICATION, f"application {pk}")
        if user.is_employer:
            summary = selectors.applicant_summary(application, active_language())
    next_statuses = [
        (status, services.status_label(status))
        for status in selectors.next_statuses(application, user)
    ]
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "status_label": services.status_label(application.status),
            "timeline": selectors.timeline(application, user),
            "summary": summary,
            "next_statuses": next_statuses,
            "form": form,
            "as_employer": user.is_employer,
            "as_worker": user.pk == application.worker_id,
        },
    )


@login_required
def for_vacancy(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    user = _user(request)
    vacancy = selectors.employer_vacancy(user, vacancy_id)
    if vacancy is None:
        raise Http404
    applications = list(selectors.applications_for_vacancy(vacancy))
    record_access_many(
        user,
        [a.worker_id for a in applications],
        AuditAction.VIEW_APPLICATION,
        f"applications to vacancy {vacancy.pk}",
    )
    rows = [(a, services.status_label(a.status)) for a in applications]
    return render(request, "applications/for_vacancy.html", {"vacancy": vacancy, "rows": rows})
