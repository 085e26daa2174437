"""Screening pages. Private by default: answers travel only in the POST of the questions
form and of the result page's buttons; nothing is stored, logged or put in the session
unless the person presses "Save", "Share" or "Report". Every page answers with
``Cache-Control: no-store``, and like the whole site ``Referrer-Policy: same-origin``
(``SECURE_REFERRER_POLICY``): the address of a screening page is never sent to another
site (links out also carry rel="noreferrer"). Not ``no-referrer``: with it, browsers send
``Origin: null`` with every form POST and Django's CSRF check refuses the answers (403)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kazi.accounts.audit import record_access
from kazi.accounts.constants import AuditAction, Role
from kazi.accounts.models import User
from kazi.accounts.permissions import role_required, signed_in_user
from kazi.core.errors import DomainError
from kazi.core.i18n import active_language
from kazi.grievances.constants import Category
from kazi.grievances.prefill import offer_grievance

from . import audio, selectors, services
from .forms import AnswersForm, StartForm
from .models import SavedScreening

logger = logging.getLogger(__name__)


def private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """No copy in any cache, not indexed. (No address is sent to another site: the whole
    site already answers ``Referrer-Policy: same-origin``, SECURE_REFERRER_POLICY.)"""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("quick_exit_url", settings.KAZI_QUICK_EXIT_URL)
    return render(request, f"screening/{template}", context, status=status)


def _home_country(user: object) -> str:
    profile = getattr(user, "profile", None) if isinstance(user, User) else None
    return str(getattr(profile, "country", "") or "")


@private
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    form = StartForm(initial={"country": _home_country(request.user)})
    return _render(request, "start.html", {"form": form})


def _audio_urls(questions: Any, language: str) -> dict[str, str]:
    if audio.espeak() is None or language not in audio.languages():
        return {}
    return {
        q.id: reverse("screening:audio", args=[language, q.id]) + f"?v={audio.version(q, language)}"
        for q in questions
    }


def _questions_page(request: HttpRequest, form: AnswersForm, status: int = 200) -> HttpResponse:
    language = active_language()
    urls = _audio_urls(form.questions, language)
    rows = [(form[q.id], q, urls.get(q.id, "")) for q in form.questions]
    return _render(request, "questions.html", {"form": form, "rows": rows, "audio": urls}, status)


@private
@require_GET
def questions(request: HttpRequest) -> HttpResponse:
    start_form = StartForm(request.GET)
    if not start_form.is_valid():
        return _render(request, "start.html", {"form": start_form}, status=400)
    sector = start_form.cleaned_data["sector"]
    form = AnswersForm(
        sector, initial={"sector": sector, "country": start_form.cleaned_data["country"]}
    )
    return _questions_page(request, form)


def _bound(request: HttpRequest) -> AnswersForm | None:
    sector = request.POST.get("sector", "")
    form = AnswersForm(sector, request.POST)
    return form if form.is_valid() else None


@private
def result(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("screening:start")
    sector = request.POST.get("sector", "")
    form = AnswersForm(sector, request.POST)
    if not form.is_valid():
        if "sector" in form.errors:
            return redirect("screening:start")
        return _questions_page(request, form, status=400)
    outcome = services.assess_answers(
        sector, form.answers(), form.cleaned_data["country"] or _home_country(request.user)
    )
    return _render(request, "result.html", _result_context(request, outcome, None))


def _result_context(
    request: HttpRequest, outcome: services.Result, saved: SavedScreening | None
) -> dict[str, Any]:
    user = request.user
    return {
        "result": outcome,
        "saved": saved,
        "is_owner": saved is None or (isinstance(user, User) and saved.owner_id == user.pk),
        "can_save": saved is None and isinstance(user, User) and user.is_worker,
        "answer_items": sorted(outcome.answers.items()),
        "skipped": len(outcome.assessment.declined) + len(outcome.assessment.unanswered),
    }


@private
@require_POST
@role_required(Role.WORKER)
def save(request: HttpRequest) -> HttpResponse:
    worker = signed_in_user(request)
    share = request.POST.get("share") == "1"
    try:
        screening = services.save_screening(
            worker,
            request.POST.get("sector", ""),
            request.POST,
            language=active_language(),
            share=share,
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("screening:start")
    messages.success(
        request,
        _("Saved in your account and shared with counsellors.")
        if share
        else _("Saved in your account. Only you can see it."),
    )
    return redirect("screening:detail", pk=screening.pk)


@private
@require_POST
def report(request: HttpRequest) -> HttpResponse:
    """Open the grievance form pre-filled with the signs found (the person chose to)."""
    form = _bound(request)
    if form is None:
        return redirect("screening:start")
    outcome = services.assess_answers(
        form.cleaned_data["sector"], form.answers(), form.cleaned_data["country"]
    )
    url = offer_grievance(
        request,
        category=Category.FORCED_LABOUR.value,
        description=services.grievance_description(outcome),
        country=outcome.country,
    )
    return redirect(url)


@private
@require_GET
@role_required(Role.WORKER)
def mine(request: HttpRequest) -> HttpResponse:
    worker = signed_in_user(request)
    return _render(request, "mine.html", {"screenings": selectors.screenings_of(worker)})


@private
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    viewer = signed_in_user(request)
    screening = selectors.visible_screening(viewer, pk)
    if screening is None:
        raise Http404
    if screening.owner_id != viewer.pk:
        record_access(viewer, screening.owner, AuditAction.VIEW_SCREENING, f"screening {pk}")
    outcome = services.result_of(screening, _home_country(screening.owner))
    return _render(request, "result.html", _result_context(request, outcome, screening))


def _own(request: HttpRequest, pk: int) -> tuple[User, SavedScreening]:
    worker = signed_in_user(request)
    screening = selectors.screenings_of(worker).filter(pk=pk).first()
    if screening is None:
        raise Http404
    return worker, screening


@private
@require_POST
@role_required(Role.WORKER)
def share(request: HttpRequest, pk: int) -> HttpResponse:
    worker, screening = _own(request, pk)
    shared = request.POST.get("shared") == "1"
    services.set_shared(worker, screening, shared)
    messages.success(
        request,
        _("Shared with counsellors.") if shared else _("No longer shared with counsellors."),
    )
    if request.POST.get("next") == "mine":
        return redirect("screening:mine")
    return redirect("screening:detail", pk=pk)


@private
@require_POST
@role_required(Role.WORKER)
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    worker, screening = _own(request, pk)
    services.delete_screening(worker, screening)
    messages.success(request, _("Deleted."))
    return redirect("screening:mine")


@private
@require_GET
@role_required(Role.COUNSELLOR)
def for_worker(request: HttpRequest, worker_id: int) -> HttpResponse:
    """The screenings a worker shared, for a counsellor they allow to help them."""
    counsellor = signed_in_user(request)
    worker = User.objects.filter(pk=worker_id, role=Role.WORKER).first()
    if worker is None or not selectors.counsellor_may_see(counsellor, worker):
        raise Http404
    screenings = list(selectors.shared_with(counsellor, worker))
    record_access(counsellor, worker, AuditAction.VIEW_SCREENING, "shared screenings list")
    return _render(request, "for_worker.html", {"worker": worker, "screenings": screenings})


@require_GET
def audio_file(request: HttpRequest, language: str, question_id: str) -> FileResponse:
    """One question read aloud (404 when espeak-ng is missing or the id is unknown)."""
    if audio.espeak() is None:
        raise Http404
    try:
        path = audio.audio_file(language, question_id)
    except audio.AudioUnavailableError:
        logger.warning("screening audio could not be made for %s/%s", language, question_id)
        raise Http404 from None
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type="audio/wav")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
