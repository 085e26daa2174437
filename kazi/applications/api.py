"""Applications API: list (worker: mine; employer: to their organisations), apply, move."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import Field

from kazi.accounts.audit import record_access_many
from kazi.accounts.constants import AuditAction
from kazi.accounts.models import User
from kazi.core.errors import PermissionDeniedError
from kazi.opportunities.constants import VacancyStatus
from kazi.opportunities.models import Vacancy

from . import selectors, services
from .constants import ApplicationStatus
from .models import Application

router = Router(tags=["applications"])


class StepOut(Schema):
    from_status: str
    to_status: str
    to_status_label: str
    at: datetime
    note: str


class WorkerRef(Schema):
    id: int
    name: str


class ApplicationOut(Schema):
    id: int
    vacancy_id: int
    vacancy_title: str
    organisation: str
    status: str
    status_label: str
    message: str
    created_at: datetime
    updated_at: datetime
    worker: WorkerRef | None = Field(None, description="Shown to the employer only")
    next_statuses: list[str]
    steps: list[StepOut]


class ApplyIn(Schema):
    vacancy_id: int
    message: str = Field("", max_length=services.MESSAGE_MAX)


class StatusIn(Schema):
    status: ApplicationStatus
    note: str = Field("", max_length=services.NOTE_MAX)


def _out(application: Application, viewer: User) -> ApplicationOut:
    return ApplicationOut(
        id=application.pk,
        vacancy_id=application.vacancy_id,
        vacancy_title=application.vacancy.title,
        organisation=application.vacancy.organisation.name,
        status=application.status,
        status_label=services.status_label(application.status),
        message=application.message,
        created_at=application.created_at,
        updated_at=application.updated_at,
        worker=WorkerRef(id=application.worker_id, name=application.worker.display_name)
        if viewer.pk != application.worker_id
        else None,
        next_statuses=[str(s) for s in selectors.next_statuses(application, viewer)],
        steps=[
            StepOut(
                from_status=step.from_status,
                to_status=step.to_status,
                to_status_label=services.status_label(step.to_status),
                at=step.at,
                note=step.note,
            )
            for step in application.transitions.all()
        ],
    )


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@router.get("", response=list[ApplicationOut], auth=django_auth)
def list_applications(request: HttpRequest) -> list[ApplicationOut]:
    """A worker's own applications, or an employer's applications to their organisations'
    vacancies (newest first)."""
    user = _user(request)
    if not (user.is_worker or user.is_employer or user.is_counsellor):
        raise PermissionDeniedError(_("You have no applications to see."))
    applications = list(selectors.visible_applications(user))
    others = [a.worker_id for a in applications if a.worker_id != user.pk]
    if others:
        record_access_many(user, others, AuditAction.API_READ, "applications list")
    return [_out(a, user) for a in applications]


@router.post("", response={201: ApplicationOut}, auth=django_auth)
def create_application(request: HttpRequest, payload: ApplyIn) -> Status[ApplicationOut]:
    """The signed-in worker applies to a published, open vacancy."""
    user = _user(request)
    if not user.is_worker:
        raise PermissionDeniedError(_("Only workers can apply to vacancies."))
    vacancy = Vacancy.objects.filter(pk=payload.vacancy_id, status=VacancyStatus.PUBLISHED).first()
    if vacancy is None:
        raise Http404
    application = services.apply(vacancy, user, payload.message)
    fresh = selectors.visible_applications(user).get(pk=application.pk)
    return Status(201, _out(fresh, user))


@router.post("/{int:application_id}/status", response=ApplicationOut, auth=django_auth)
def change_status(request: HttpRequest, application_id: int, payload: StatusIn) -> ApplicationOut:
    """Move an application: the employer through the hiring steps, the worker to
    "withdrawn". Moves the transition table does not allow answer 400 with the reason."""
    user = _user(request)
    application = selectors.visible_applications(user).filter(pk=application_id).first()
    if application is None:
        raise Http404
    services.move_application(application, payload.status.value, user, payload.note)
    fresh = selectors.visible_applications(user).get(pk=application_id)
    if user.pk != fresh.worker_id:
        record_access_many(user, [fresh.worker_id], AuditAction.API_READ, f"application {fresh.pk}")
    return _out(fresh, user)
