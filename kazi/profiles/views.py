"""Profile pages for workers (the step-by-step wizard, overview, CV) and counsellors
(caseload, registering a worker, editing on their behalf, side by side, notes).

The same step views serve a worker (``user_id`` is None) and a counsellor acting for a
worker (``user_id`` given); templates build links with the ``purl`` tag, which picks the
right URL for either case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kazi.accounts.audit import record_access, record_access_many
from kazi.accounts.constants import AuditAction, Role
from kazi.accounts.links import reset_url_builder
from kazi.accounts.models import User
from kazi.accounts.permissions import role_required
from kazi.accounts.services import send_account_setup_link
from kazi.core import codes
from kazi.core.errors import DomainError
from kazi.core.i18n import active_language

from . import selectors, services
from .constants import PROFILE_STEPS, STEP_TITLES, SkillLevel
from .forms import (
    AboutForm,
    ConceptForm,
    EducationForm,
    ExperienceForm,
    NoteForm,
    RegisterWorkerForm,
    SearchForm,
    SkillLevelForm,
    WishesForm,
)
from .models import Education, Experience, WorkerProfile
from .templatetags.profile_tags import profile_url


@dataclass
class Subject:
    """Whose profile a page is about, and who is looking."""

    actor: User
    worker: User
    profile: WorkerProfile

    @property
    def on_behalf(self) -> bool:
        return self.actor.pk != self.worker.pk

    @property
    def subject_id(self) -> int | None:
        return self.worker.pk if self.on_behalf else None

    def url(self, name: str, *args: Any) -> str:
        return profile_url(self.subject_id, name, *args)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _worker(request: HttpRequest, user_id: int | None) -> User:
    """The worker the page is about; 404 when the signed-in user may not see them."""
    actor = _user(request)
    if user_id is None:
        if not actor.is_worker:
            raise Http404
        return actor
    worker = selectors.worker_for_counsellor(actor, user_id)
    if worker is None:
        raise Http404
    return worker


def _subject(request: HttpRequest, user_id: int | None, *, audit: bool = True) -> Subject:
    worker = _worker(request, user_id)
    actor = _user(request)
    profile = services.get_or_create_profile(worker, actor=actor)
    if audit and request.method == "GET" and not request.GET.get("partial"):
        record_access(actor, worker, AuditAction.VIEW_PROFILE, request.path)
    return Subject(actor, worker, profile)


def _context(subject: Subject, **extra: Any) -> dict[str, Any]:
    return {
        "subject": subject,
        "subject_id": subject.subject_id,
        "worker": subject.worker,
        "profile": subject.profile,
        **extra,
    }


def _apply(form: Form, action: Callable[[], object]) -> bool:
    """Run a service call; put its DomainError on the form. True when it succeeded."""
    try:
        action()
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error.message))
        return False
    return True


def _step_nav(subject: Subject, step: str) -> dict[str, Any]:
    index = PROFILE_STEPS.index(step)
    previous = PROFILE_STEPS[index - 1] if index else None
    following = PROFILE_STEPS[index + 1] if index + 1 < len(PROFILE_STEPS) else None
    done = selectors.completeness(subject.profile).done
    return {
        "step": step,
        "step_title": STEP_TITLES[step],
        "step_number": index + 1,
        "step_count": len(PROFILE_STEPS),
        "steps": [
            {"name": s, "title": STEP_TITLES[s], "current": s == step, "done": done[s]}
            for s in PROFILE_STEPS
        ],
        "back_url": subject.url("step", previous) if previous else subject.url("overview"),
        "next_url": subject.url("step", following) if following else subject.url("overview"),
        "is_last": following is None,
    }


def _after_save(request: HttpRequest, subject: Subject, step: str) -> HttpResponseRedirect:
    messages.success(request, _("Saved."))
    nav = _step_nav(subject, step)
    if request.POST.get("then") == "stay":
        return redirect(subject.url("step", step))
    return redirect(nav["next_url"])


def _with_query(url: str, query: str) -> str:
    return f"{url}?{urlencode({'q': query})}" if query else url


# --- overview and steps ------------------------------------------------------------------


@login_required
def overview(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    if user_id is None and _user(request).is_counsellor:
        return redirect("profiles:caseload")
    worker = _worker(request, user_id)
    is_new = not WorkerProfile.objects.filter(user=worker).exists()
    subject = _subject(request, user_id)
    if is_new and not subject.on_behalf:
        return redirect(subject.url("step", PROFILE_STEPS[0]))
    completeness = selectors.completeness(subject.profile)
    context = _context(
        subject,
        view=selectors.profile_view(subject.profile, active_language()),
        completeness=completeness,
        steps=[
            {"name": s, "title": STEP_TITLES[s], "done": completeness.done[s]}
            for s in PROFILE_STEPS
        ],
    )
    if subject.on_behalf:
        context["notes"] = selectors.notes_for(subject.profile)
        context["note_form"] = NoteForm()
    return render(request, "profiles/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, step: str, user_id: int | None = None) -> HttpResponse:
    if step not in PROFILE_STEPS:
        raise Http404
    subject = _subject(request, user_id)
    return STEP_VIEWS[step](request, subject)


def _about(request: HttpRequest, subject: Subject) -> HttpResponse:
    profile = subject.profile
    kwargs = {"language": active_language(), "extra_languages": tuple(profile.languages)}
    if request.method == "POST":
        form = AboutForm(request.POST, **kwargs)  # type: ignore[arg-type]
        if form.is_valid():
            data = form.cleaned_data
            if _apply(
                form,
                lambda: services.update_about(
                    profile,
                    actor=subject.actor,
                    languages=data["languages"],
                    country=data["country"],
                    city=data["city"],
                    origin_country=data["origin_country"],
                    summary=data["summary"],
                ),
            ):
                return _after_save(request, subject, "about")
    else:
        form = AboutForm(
            initial={
                "languages": profile.languages,
                "country": profile.country,
                "city": profile.city,
                "origin_country": profile.origin_country,
                "summary": profile.summary,
            },
            **kwargs,  # type: ignore[arg-type]
        )
    context = _context(subject, form=form, **_step_nav(subject, "about"))
    return render(request, "profiles/step_about.html", context)


def _wishes(request: HttpRequest, subject: Subject) -> HttpResponse:
    profile = subject.profile
    language = active_language()
    search = SearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    results = selectors.search_occupations_for(profile, query, language) if query else []
    if request.GET.get("partial"):
        return render(
            request,
            "profiles/_occupation_results.html",
            _context(subject, results=results, query=query),
        )
    if request.method == "POST":
        form = WishesForm(request.POST, language=language)
        if form.is_valid():
            data = form.cleaned_data
            if _apply(
                form,
                lambda: services.update_wishes(
                    profile,
                    actor=subject.actor,
                    work_types=data["work_types"],
                    accepts_remote=data["accepts_remote"],
                    min_pay_amount=data["min_pay_amount"],
                    min_pay_currency=data["min_pay_currency"],
                    min_pay_period=data["min_pay_period"],
                    availability=data["availability"],
                    max_hours_per_week=data["max_hours_per_week"],
                    right_to_work=data.get("right_to_work")
                    if settings.KAZI_ASK_RIGHT_TO_WORK
                    else None,
                ),
            ):
                return _after_save(request, subject, "wishes")
    else:
        form = WishesForm(
            initial={
                "work_types": profile.work_types,
                "accepts_remote": profile.accepts_remote,
                "min_pay_amount": profile.min_pay_amount,
                "min_pay_currency": profile.min_pay_currency
                or codes.default_currency(profile.country),
                "min_pay_period": profile.min_pay_period,
                "availability": profile.availability,
                "max_hours_per_week": profile.max_hours_per_week,
                "right_to_work": profile.right_to_work,
            },
            language=language,
        )
    view = selectors.profile_view(profile, language)
    context = _context(
        subject,
        form=form,
        search=search,
        query=query,
        results=results,
        chosen=view.occupations,
        pay_hint=selectors.pay_hint(profile),
        **_step_nav(subject, "wishes"),
    )
    return render(request, "profiles/step_wishes.html", context)


# Suggestions a worker dismissed, per profile, kept in the session of whoever looks (the
# worker, or the counsellor helping them): ("skill" | "occupation", id) pairs.
_DISMISSED_KEY = "kazi.profiles.dismissed.%d"
_DISMISSED_MAX = 200


def _dismissed(request: HttpRequest, subject: Subject, kind: str) -> set[int]:
    pairs = request.session.get(_DISMISSED_KEY % subject.profile.pk, [])
    return {pk for k, pk in pairs if k == kind}


def _suggest_url(subject: Subject, experience_id: int) -> str:
    """The experience step showing the suggestions for one experience."""
    return (
        f"{subject.url('step', 'experience')}?{urlencode({'suggest': experience_id})}#suggestions"
    )


def _positive_id(raw: str | None) -> int | None:
    """A database id given as text in a form or a query string, or ``None``."""
    raw = (raw or "").strip()
    if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 18:
        return int(raw)
    return None


def _back_to_suggestions(request: HttpRequest, subject: Subject) -> str | None:
    """Where to go after adding a suggested skill or occupation: back to the suggestions of
    the experience named in the form (one of this profile's), else ``None``."""
    pk = _positive_id(request.POST.get("experience"))
    if pk is None or not subject.profile.experiences.filter(pk=pk).exists():
        return None
    return _suggest_url(subject, pk)


def _experience(request: HttpRequest, subject: Subject) -> HttpResponse:
    form = ExperienceForm(request.POST or None, initial={"paid": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added: list[Experience] = []
        if _apply(
            form,
            lambda: added.append(
                services.add_experience(subject.profile, actor=subject.actor, **data)
            ),
        ):
            messages.success(request, _("Experience added."))
            return redirect(_suggest_url(subject, added[0].pk))
    language = active_language()
    view = selectors.profile_view(subject.profile, language)
    suggestions = None
    suggest = _positive_id(request.GET.get("suggest"))
    if suggest is not None:
        suggestions = selectors.experience_suggestions(
            subject.profile,
            suggest,
            language,
            hidden_skills=_dismissed(request, subject, "skill"),
            hidden_occupations=_dismissed(request, subject, "occupation"),
        )
    context = _context(
        subject,
        form=form,
        experiences=view.experiences,
        suggestions=suggestions,
        **_step_nav(subject, "experience"),
    )
    return render(request, "profiles/step_experience.html", context)


def _education(request: HttpRequest, subject: Subject) -> HttpResponse:
    form = EducationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form, lambda: services.add_education(subject.profile, actor=subject.actor, **data)
        ):
            messages.success(request, _("Education added."))
            return redirect(subject.url("step", "education"))
    view = selectors.profile_view(subject.profile, active_language())
    context = _context(
        subject, form=form, education=view.education, **_step_nav(subject, "education")
    )
    return render(request, "profiles/step_education.html", context)


def _skills(request: HttpRequest, subject: Subject) -> HttpResponse:
    if request.method == "POST":
        raise Http404
    language = active_language()
    search = SearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    results = selectors.search_skills_for(subject.profile, query, language) if query else []
    if request.GET.get("partial"):
        return render(
            request,
            "profiles/_skill_results.html",
            _context(subject, results=results, query=query),
        )
    view = selectors.profile_view(subject.profile, language)
    context = _context(
        subject,
        search=search,
        query=query,
        results=results,
        chosen=view.skills,
        level_choices=SkillLevel.choices,
        suggestions=selectors.skill_suggestions(subject.profile, language),
        has_occupations=bool(view.occupations),
        **_step_nav(subject, "skills"),
    )
    return render(request, "profiles/step_skills.html", context)


STEP_VIEWS: dict[str, Callable[[HttpRequest, Subject], HttpResponse]] = {
    "about": _about,
    "wishes": _wishes,
    "experience": _experience,
    "education": _education,
    "skills": _skills,
}


# --- experience and education items ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def experience_edit(request: HttpRequest, pk: int, user_id: int | None = None) -> HttpResponse:
    subject = _subject(request, user_id)
    experience = get_object_or_404(Experience, pk=pk, profile=subject.profile)
    initial = {
        f: getattr(experience, f)
        for f in ("title", "description", "place", "paid", "formal", "start_year", "end_year")
    }
    form = ExperienceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form, lambda: services.update_experience(experience, actor=subject.actor, **data)
        ):
            messages.success(request, _("Saved."))
            return redirect(_suggest_url(subject, experience.pk))
    context = _context(
        subject, form=form, experience=experience, **_step_nav(subject, "experience")
    )
    return render(request, "profiles/experience_edit.html", context)


@login_required
@require_POST
def experience_delete(request: HttpRequest, pk: int, user_id: int | None = None) -> HttpResponse:
    subject = _subject(request, user_id)
    experience = get_object_or_404(Experience, pk=pk, profile=subject.profile)
    services.delete_experience(experience, actor=subject.actor)
    messages.success(request, _("Experience deleted."))
    return redirect(subject.url("step", "experience"))


@login_required
@require_POST
def suggestion_dismiss(request: HttpRequest, pk: int, user_id: int | None = None) -> HttpResponse:
    """Hide a suggested skill or occupation (for this session): nothing in the profile
    changes."""
    subject = _subject(request, user_id)
    experience = get_object_or_404(Experience, pk=pk, profile=subject.profile)
    kind = request.POST.get("kind", "")
    concept = _positive_id(request.POST.get("concept"))
    if kind not in ("skill", "occupation") or concept is None:
        messages.error(request, _("Please choose from the list."))
    else:
        key = _DISMISSED_KEY % subject.profile.pk
        pairs = [p for p in request.session.get(key, []) if p != [kind, concept]]
        request.session[key] = [*pairs, [kind, concept]][-_DISMISSED_MAX:]
        messages.success(request, _("Suggestion hidden."))
    return redirect(_suggest_url(subject, experience.pk))


@login_required
@require_POST
def education_delete(request: HttpRequest, pk: int, user_id: int | None = None) -> HttpResponse:
    subject = _subject(request, user_id)
    education = get_object_or_404(Education, pk=pk, profile=subject.profile)
    services.delete_education(education, actor=subject.actor)
    messages.success(request, _("Education deleted."))
    return redirect(subject.url("step", "education"))


# --- skills and occupations --------------------------------------------------------------


def _concept_action(
    request: HttpRequest,
    subject: Subject,
    step_name: str,
    action: Callable[[ConceptForm], object],
    done: str,
) -> HttpResponse:
    """Add a skill or an occupation picked from a list; then back to the list it came from
    (a search, or the suggestions for an experience)."""
    back = _back_to_suggestions(request, subject)
    form = ConceptForm(request.POST)
    query = request.POST.get("q", "")[:100]
    if form.is_valid():
        query = form.cleaned_data["q"]
        try:
            action(form)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, done)
    else:
        messages.error(request, _("Please choose from the list."))
    return redirect(back or _with_query(subject.url("step", step_name), query))


@login_required
@require_POST
def skill_add(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    subject = _subject(request, user_id)
    return _concept_action(
        request,
        subject,
        "skills",
        lambda f: services.add_skill(
            subject.profile,
            f.cleaned_data["concept"],
            actor=subject.actor,
            level=f.cleaned_data["level"],
        ),
        _("Skill added."),
    )


@login_required
@require_POST
def skill_remove(request: HttpRequest, skill_id: int, user_id: int | None = None) -> HttpResponse:
    subject = _subject(request, user_id)
    services.remove_skill(subject.profile, skill_id, actor=subject.actor)
    messages.success(request, _("Skill removed."))
    return redirect(_with_query(subject.url("step", "skills"), request.POST.get("q", "")[:100]))


@login_required
@require_POST
def skill_level(request: HttpRequest, skill_id: int, user_id: int | None = None) -> HttpResponse:
    subject = _subject(request, user_id)
    form = SkillLevelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a level from the list."))
    else:
        try:
            services.set_skill_level(
                subject.profile, skill_id, form.cleaned_data["level"], actor=subject.actor
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Saved."))
    return redirect(subject.url("step", "skills"))


@login_required
@require_POST
def occupation_add(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    subject = _subject(request, user_id)
    return _concept_action(
        request,
        subject,
        "wishes",
        lambda f: services.add_occupation(
            subject.profile, f.cleaned_data["concept"], actor=subject.actor
        ),
        _("Occupation added."),
    )


@login_required
@require_POST
def occupation_remove(
    request: HttpRequest, occupation_id: int, user_id: int | None = None
) -> HttpResponse:
    subject = _subject(request, user_id)
    services.remove_occupation(subject.profile, occupation_id, actor=subject.actor)
    messages.success(request, _("Occupation removed."))
    return redirect(subject.url("step", "wishes"))


# --- CV ----------------------------------------------------------------------------------


@login_required
def cv(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    subject = _subject(request, user_id, audit=False)
    record_access(subject.actor, subject.worker, AuditAction.VIEW_CV, request.path)
    enabled = [code for code, _name in settings.LANGUAGES]
    language = request.GET.get("lang", "")
    if language not in enabled:
        language = active_language()
    context = _context(
        subject,
        view=selectors.profile_view(subject.profile, language),
        cv_language=language,
        cv_bidi=get_language_info(language)["bidi"],
        languages=[(code, get_language_info(code)["name_local"]) for code in enabled],
    )
    return render(request, "profiles/cv.html", context)


# --- counsellors -------------------------------------------------------------------------


def _counsellor(request: HttpRequest) -> User:
    user = _user(request)
    if not user.is_counsellor:
        raise Http404
    return user


@role_required(Role.COUNSELLOR)
def caseload(request: HttpRequest) -> HttpResponse:
    search = SearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    workers = selectors.caseload(query)
    # The list shows each worker's name, mobile number and e-mail address.
    record_access_many(
        _user(request), [w.pk for w in workers], AuditAction.VIEW_PROFILE, "caseload list"
    )
    template = "profiles/_caseload_results.html" if request.GET.get("partial") else None
    context = {"search": search, "query": query, "workers": workers}
    return render(request, template or "profiles/caseload.html", context)


@role_required(Role.COUNSELLOR)
@require_http_methods(["GET", "POST"])
def register_worker(request: HttpRequest) -> HttpResponse:
    counsellor = _counsellor(request)
    form = RegisterWorkerForm(request.POST or None, language=active_language())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created: list[User] = []
        if _apply(
            form,
            lambda: created.append(
                services.register_worker(
                    counsellor,
                    display_name=data["display_name"],
                    email=data["email"],
                    phone=data["phone"],
                    language=data["language"],
                    country=data["country"],
                    consents=form.consents(),
                )
            ),
        ):
            worker = created[0]
            send_account_setup_link(worker, build_url=reset_url_builder(request))
            messages.success(
                request,
                _(
                    "%(name)s is registered. We sent them a link to choose a password; "
                    "they can also use “Forgot password” later."
                )
                % {"name": worker.display_name},
            )
            return redirect("profiles:worker_step", user_id=worker.pk, step=PROFILE_STEPS[0])
    return render(request, "profiles/register_worker.html", {"form": form})


@login_required
@require_POST
def add_note(request: HttpRequest, user_id: int) -> HttpResponse:
    _counsellor(request)
    subject = _subject(request, user_id)
    form = NoteForm(request.POST)
    if form.is_valid() and _apply(
        form,
        lambda: services.add_note(
            subject.profile, author=subject.actor, text=form.cleaned_data["text"]
        ),
    ):
        messages.success(request, _("Note saved."))
    else:
        messages.error(request, _("The note was not saved: please write something."))
    return redirect("profiles:worker", user_id=user_id)


@login_required
def side_by_side(request: HttpRequest, user_id: int) -> HttpResponse:
    _counsellor(request)
    subject = _subject(request, user_id)
    enabled = [code for code, _name in settings.LANGUAGES]
    mine = active_language()
    other = request.GET.get("other", "")
    if other not in enabled:
        other = subject.worker.language if subject.worker.language in enabled else mine
    columns = []
    for language, whose in ((mine, _("Your language")), (other, _("The worker's language"))):
        info = get_language_info(language)
        columns.append(
            {
                "language": language,
                "whose": whose,
                "name": info["name_local"],
                "bidi": info["bidi"],
                "view": selectors.profile_view(subject.profile, language),
            }
        )
    context = _context(
        subject,
        columns=columns,
        same_language=mine == other,
        other=other,
        languages=[(code, get_language_info(code)["name_local"]) for code in enabled],
    )
    return render(request, "profiles/side_by_side.html", context)


def worker_url(user_id: int) -> str:
    """The counsellor's page of one worker (for other apps' links)."""
    return reverse("profiles:worker", args=[user_id])
