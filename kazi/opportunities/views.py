"""Pages for opportunities: public search and vacancy pages, the employer's vacancies and
form (with the skills step), the moderation queue and training offers. Thin: the rules
live in services.py, the reads in selectors.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kazi.accounts.constants import Role
from kazi.accounts.models import User
from kazi.accounts.permissions import role_required
from kazi.core import codes
from kazi.core.errors import DomainError
from kazi.core.i18n import active_language
from kazi.taxonomy.models import Occupation, Skill
from kazi.wages.services import PayCheck, check_pay

from . import jsonld, selectors, services
from .constants import EDITABLE_STATUSES, VacancyStatus
from .forms import RejectForm, SearchForm, VacancyForm, WithdrawForm, initial_from_vacancy
from .models import Vacancy

PAGE_SIZE = 20
TRAINING_PREVIEW = 5


def _user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _signed_in(request: HttpRequest) -> User:
    user = _user(request)
    if user is None:
        raise Http404
    return user


# --- public search -------------------------------------------------------------------------


def _resolve_concepts(text: str, kind: str, language: str) -> tuple[list[int], str]:
    """Ids for an occupation/skill filter given as id, ESCO URI or words; and its label."""
    text = text.strip()
    if not text:
        return [], ""
    concept: Occupation | Skill | None
    if kind == "occupation":
        concept = selectors.occupation_by_ref(text)
    else:
        concept = selectors.skill_by_ref(text)
    if concept is not None:
        return [concept.pk], concept.label(language)
    from kazi.taxonomy import selectors as taxonomy

    search = taxonomy.search_occupations if kind == "occupation" else taxonomy.search_skills
    hits = search(text, language, 5)
    return ([hit.id for hit in hits] or [-1]), text


@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponse:
    language = active_language()
    params = request.GET.copy()
    params["country"] = params.get("country", "").strip().upper()
    form = SearchForm(params)
    form.is_valid()
    data = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}
    occupation_ids, occupation_label = _resolve_concepts(
        data.get("occupation", ""), "occupation", language
    )
    skill_ids, skill_label = _resolve_concepts(data.get("skill", ""), "skill", language)
    filters = selectors.OpportunityFilters(
        country=data.get("country", ""),
        occupation_ids=occupation_ids,
        skill_ids=skill_ids,
        remote=bool(data.get("remote")),
        kind=data.get("kind", ""),
        text=data.get("q", ""),
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("partial", None)
    context: dict[str, Any] = {
        "form": form,
        "filters": filters,
        "occupation_label": occupation_label,
        "skill_label": skill_label,
        "query": query.urlencode(),
    }
    if filters.kind == selectors.TRAINING:
        context["training_page"] = Paginator(
            selectors.search_training(filters), PAGE_SIZE
        ).get_page(request.GET.get("page"))
    else:
        context["page"] = Paginator(selectors.search_vacancies(filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        if not filters.kind:
            training = list(selectors.search_training(filters)[: TRAINING_PREVIEW + 1])
            context["training"] = training[:TRAINING_PREVIEW]
            context["more_training"] = len(training) > TRAINING_PREVIEW
            more = request.GET.copy()
            more["kind"] = selectors.TRAINING
            more.pop("page", None)
            more.pop("partial", None)
            context["training_query"] = more.urlencode()
    if request.GET.get("partial"):
        return render(request, "opportunities/_results.html", context)
    return render(request, "opportunities/list.html", context)


# --- the vacancy page ----------------------------------------------------------------------


def _stored_pay_check(vacancy: Vacancy) -> PayCheck | None:
    return PayCheck.from_dict(vacancy.pay_check) if vacancy.pay_check else None


@require_GET
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    vacancy = selectors.viewable_vacancy(user, pk)
    if vacancy is None:
        raise Http404
    manage = selectors.can_manage(user, vacancy)
    moderate = bool(user and user.is_moderator)
    is_open = selectors.is_open(vacancy)
    essential, optional = selectors.essential_and_optional(vacancy)
    context: dict[str, Any] = {
        "vacancy": vacancy,
        "is_open": is_open,
        "essential": essential,
        "optional": optional,
        "pay_check": _stored_pay_check(vacancy),
        "manage": manage,
        "moderate": moderate,
        "editable": manage and vacancy.status in EDITABLE_STATUSES,
        "can_withdraw": manage and services.can_transition(vacancy.status, VacancyStatus.WITHDRAWN),
        "is_worker": bool(user and user.is_worker),
        "language": active_language(),
    }
    if is_open:
        url = request.build_absolute_uri(reverse("opportunities:detail", args=[vacancy.pk]))
        context["jsonld"] = jsonld.dumps_for_html(
            jsonld.job_posting(vacancy, url=url, language=active_language())
        )
    if manage or moderate:
        context["transitions"] = selectors.transitions_of(vacancy)
        context["reject_form"] = RejectForm()
        context["withdraw_form"] = WithdrawForm()
    return render(request, "opportunities/detail.html", context)


@require_GET
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.training_offer(pk)
    if offer is None:
        raise Http404
    return render(
        request,
        "opportunities/training_detail.html",
        {"offer": offer, "language": active_language()},
    )


# --- the employer's vacancies --------------------------------------------------------------


@role_required(Role.EMPLOYER)
@require_GET
def my_vacancies(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    vacancies = list(selectors.managed_vacancies(user))
    return render(
        request,
        "opportunities/mine.html",
        {
            "vacancies": vacancies,
            "organisations": selectors.organisations_of(user),
            "editable_statuses": EDITABLE_STATUSES,
        },
    )


MAX_OCCUPATION_CHOICES = 8


def _suggestions(
    title: str, selected_id: int | None, text_matches: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Occupations suggested for a title, the chosen one first; then those the skills
    engine found in the title and description (``text_matches``), then label matches."""
    from kazi.taxonomy import selectors as taxonomy

    language = active_language()
    rows: list[dict[str, Any]] = []
    if selected_id:
        chosen = Occupation.objects.filter(pk=selected_id).first()
        if chosen is not None:
            rows.append({"id": chosen.pk, "label": chosen.label(language), "matched": ""})
    for row in text_matches or []:
        if row["id"] != selected_id:
            rows.append(row)
    if title.strip():
        shown = {row["id"] for row in rows}
        for hit in taxonomy.search_occupations(title.strip(), language, 8):
            if hit.id not in shown:
                matched = hit.matched_label if hit.matched_label != hit.label else ""
                rows.append({"id": hit.id, "label": hit.label, "matched": matched})
    return rows[: MAX_OCCUPATION_CHOICES + (1 if selected_id else 0)]


def _occupations_from_text(title: str, description: str) -> list[dict[str, Any]] | None:
    """Occupations the skills engine finds in a vacancy's title and description (``None``
    when the engine is unavailable)."""
    from kazi.profiling.suggestions import (
        SkillsUnavailableError,
        fit_text,
        occupation_suggestions,
    )

    text = fit_text(f"{title.strip()}\n{description.strip()}".strip())
    if not text:
        return []
    try:
        found = occupation_suggestions(text, active_language(), top=5)
    except SkillsUnavailableError:
        return None
    return [
        {"id": s.id, "label": s.label, "matched": "", "why": s.quotes[0] if s.quotes else ""}
        for s in found
    ]


@require_GET
def occupation_suggest(request: HttpRequest) -> HttpResponse:
    """The occupation choices for a job title (the fragment the form's script loads)."""
    try:
        selected = int(request.GET.get("selected") or 0) or None
    except ValueError:
        selected = None
    title = request.GET.get("q", "")[:200]
    return render(
        request,
        "opportunities/_occupation_suggestions.html",
        {"suggestions": _suggestions(title, selected), "selected": selected, "title": title},
    )


def _render_form(
    request: HttpRequest, form: VacancyForm, vacancy: Vacancy | None, *, suggest: bool = False
) -> HttpResponse:
    """The vacancy form; ``suggest``: the employer asked for suggestions from their text."""
    title = str(form.data.get("title", "") if form.is_bound else form.initial.get("title", ""))
    raw = form.data.get("occupation") if form.is_bound else form.initial.get("occupation")
    try:
        selected = int(raw) if raw else None
    except (TypeError, ValueError):
        selected = None
    text_matches: list[dict[str, Any]] | None = []
    if suggest:
        description = form.data.get("description") if form.is_bound else None
        description = description or form.initial.get("description") or ""
        text_matches = _occupations_from_text(title, str(description))
    context = {
        "form": form,
        "vacancy": vacancy,
        "suggestions": _suggestions(title, selected, text_matches)
        if (suggest or selected or title)
        else [],
        "selected": selected,
        "title": title,
        "engine_unavailable": text_matches is None,
    }
    return render(request, "opportunities/form.html", context)


def _as_data(initial: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in initial.items():
        if value is None:
            data[key] = ""
        elif isinstance(value, list):
            data[key] = value
        elif isinstance(value, bool):
            data[key] = "on" if value else ""
        elif hasattr(value, "isoformat"):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)
    return data


def _refused_form(request: HttpRequest, vacancy: Vacancy, error: DomainError) -> HttpResponse:
    """The vacancy form again, with the values as saved and the refusal on its field."""
    form = VacancyForm(
        _as_data(initial_from_vacancy(vacancy)),
        organisations=selectors.organisations_of(_user(request)),
        editing=True,
    )
    form.is_valid()
    field = error.field if error.field in form.fields else None
    if str(error.message) not in form.errors.get(field or "__all__", []):
        form.add_error(field, str(error.message))
    return _render_form(request, form, vacancy)


def _vacancy_form(request: HttpRequest, vacancy: Vacancy | None) -> HttpResponse:
    user = _signed_in(request)
    organisations = selectors.organisations_of(user)
    if not organisations.exists():
        return render(request, "opportunities/no_organisation.html", status=403)
    initial: dict[str, Any]
    if request.method != "POST":
        if vacancy is None:
            first = organisations.first()
            assert first is not None
            initial = {
                "country": first.country,
                "currency": codes.default_currency(first.country, fallback="USD"),
            }
        else:
            initial = initial_from_vacancy(vacancy)
        form = VacancyForm(
            initial=initial, organisations=organisations, editing=vacancy is not None
        )
        return _render_form(request, form, vacancy)

    action = request.POST.get("action", "save")
    if action == "suggest":  # without JavaScript: occupations for the title and description
        initial = {key: request.POST.get(key, "") for key in VacancyForm.base_fields}
        initial["languages"] = request.POST.getlist("languages")
        initial["remote"] = bool(request.POST.get("remote"))
        form = VacancyForm(
            initial=initial, organisations=organisations, editing=vacancy is not None
        )
        return _render_form(request, form, vacancy, suggest=True)

    form = VacancyForm(request.POST, organisations=organisations, editing=vacancy is not None)
    if not form.is_valid():
        return _render_form(request, form, vacancy)
    try:
        if vacancy is None:
            vacancy = services.create_vacancy(
                user, form.cleaned_data["organisation"], form.to_input()
            )
        else:
            vacancy = services.update_vacancy(user, vacancy, form.to_input())
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error.message))
        return _render_form(request, form, vacancy)
    if action == "submit":
        try:
            services.submit_for_review(user, vacancy)
        except DomainError as error:
            messages.info(request, _("Your draft is saved."))
            return _refused_form(request, vacancy, error)
        messages.success(request, _("Sent for review. A moderator will check it soon."))
        return redirect("opportunities:detail", pk=vacancy.pk)
    messages.success(request, _("Draft saved. Now check the skills."))
    return redirect("opportunities:skills", pk=vacancy.pk)


@role_required(Role.EMPLOYER)
def vacancy_create(request: HttpRequest) -> HttpResponse:
    return _vacancy_form(request, None)


def _managed_or_404(request: HttpRequest, pk: int) -> Vacancy:
    vacancy = selectors.managed_vacancies(_signed_in(request)).filter(pk=pk).first()
    if vacancy is None:
        raise Http404
    return vacancy


@role_required(Role.EMPLOYER)
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = _managed_or_404(request, pk)
    if vacancy.status not in EDITABLE_STATUSES:
        messages.error(request, _("This vacancy can no longer be changed."))
        return redirect("opportunities:detail", pk=vacancy.pk)
    return _vacancy_form(request, vacancy)


@role_required(Role.EMPLOYER)
def vacancy_skills(request: HttpRequest, pk: int) -> HttpResponse:
    """The skills step: pre-filled from the occupation; remove, add, move; then submit."""
    user = _signed_in(request)
    vacancy = _managed_or_404(request, pk)
    language = active_language()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            skill_id = int(request.POST.get("skill") or 0)
        except ValueError:
            skill_id = 0
        try:
            if action in ("essential", "optional") and skill_id:
                services.add_required_skill(
                    user, vacancy, skill_id, essential=action == "essential"
                )
            elif action == "remove" and skill_id:
                services.remove_required_skill(user, vacancy, skill_id)
            elif action == "reset":
                services.reset_required_skills(user, vacancy)
            else:
                messages.error(request, _("Choose a skill."))
        except DomainError as error:
            messages.error(request, str(error.message))
        url = reverse("opportunities:skills", args=[vacancy.pk])
        q = request.POST.get("q", "")[:100]
        query = {"q": q} if q else {}
        if request.POST.get("suggest") == "1":  # back to the skills found in the description
            query["suggest"] = "1"
        fragment = "#from-description" if query.get("suggest") and not q else ""
        return redirect(f"{url}?{urlencode(query)}{fragment}" if query else url)

    from kazi.taxonomy import selectors as taxonomy

    q = request.GET.get("q", "")[:100].strip()
    chosen = {r.skill_id: r.essential for r in vacancy.skill_requirements.all()}
    hits = taxonomy.search_skills(q, language, 10) if q else []
    results = {
        "hits": hits,
        "q": q,
        "chosen": chosen,
        "vacancy": vacancy,
        "editable": vacancy.status in EDITABLE_STATUSES,
    }
    if request.GET.get("partial"):
        return render(request, "opportunities/_skill_results.html", results)
    essential, optional = selectors.essential_and_optional(vacancy)
    preview = check_pay(vacancy.country, vacancy.pay_min, vacancy.currency, vacancy.pay_period)
    suggest = request.GET.get("suggest") == "1" and results["editable"]
    return render(
        request,
        "opportunities/skills.html",
        {
            **results,
            "essential": essential,
            "optional": optional,
            "pay_check": preview,
            "language": language,
            "from_description": _skills_from_description(vacancy, chosen) if suggest else None,
        },
    )


@dataclass(frozen=True)
class DescriptionSkills:
    available: bool
    skills: list[Any]  # kazi.profiling.suggestions.Suggestion
    truncated: bool
    limit: int = 0  # characters read when ``truncated``


def _skills_from_description(vacancy: Vacancy, chosen: dict[int, bool]) -> DescriptionSkills:
    """Skills the skills engine finds in the vacancy's description (the listed ones marked
    as added)."""
    from kazi.profiling.suggestions import (
        MAX_TEXT_CHARS,
        SkillsUnavailableError,
        fit_text,
        skill_suggestions,
    )

    text = fit_text(vacancy.description)
    try:
        found = skill_suggestions(text, active_language(), top=10, held=set(chosen))
    except SkillsUnavailableError:
        return DescriptionSkills(available=False, skills=[], truncated=False)
    truncated = len(text) < len(vacancy.description)
    return DescriptionSkills(True, found, truncated, MAX_TEXT_CHARS)


@role_required(Role.EMPLOYER)
@require_POST
def vacancy_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _signed_in(request)
    vacancy = _managed_or_404(request, pk)
    try:
        services.submit_for_review(user, vacancy)
    except DomainError as error:
        if error.field:
            return _refused_form(request, vacancy, error)
        messages.error(request, str(error.message))
        return redirect("opportunities:detail", pk=vacancy.pk)
    messages.success(request, _("Sent for review. A moderator will check it soon."))
    return redirect("opportunities:detail", pk=vacancy.pk)


@role_required(Role.EMPLOYER)
@require_POST
def vacancy_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _signed_in(request)
    vacancy = _managed_or_404(request, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.withdraw_vacancy(user, vacancy, reason)
        messages.success(request, _("The vacancy is withdrawn."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("opportunities:detail", pk=vacancy.pk)


# --- moderation ----------------------------------------------------------------------------


def _moderation_page(
    request: HttpRequest,
    errors: dict[int, str] | None = None,
    reasons: dict[int, str] | None = None,
) -> HttpResponse:
    pending = list(selectors.pending_vacancies())
    for vacancy in pending:
        vacancy.stored_pay_check = _stored_pay_check(vacancy)  # type: ignore[attr-defined]
    return render(
        request,
        "opportunities/moderation.html",
        {
            "pending": pending,
            "errors": errors or {},
            "reasons": reasons or {},
            "language": active_language(),
        },
    )


@role_required(Role.MODERATOR)
@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    return _moderation_page(request)


def _reason(request: HttpRequest) -> str:
    """The moderator's reason, without NUL characters (PostgreSQL cannot store them)."""
    return request.POST.get("reason", "").replace("\x00", "")


def _pending_or_404(pk: int) -> Vacancy:
    vacancy = Vacancy.objects.filter(pk=pk).select_related("organisation").first()
    if vacancy is None:
        raise Http404
    return vacancy


@role_required(Role.MODERATOR)
@require_POST
def vacancy_publish(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = _pending_or_404(pk)
    try:
        services.publish_vacancy(_signed_in(request), vacancy, _reason(request)[:2000])
    except DomainError as error:
        if vacancy.status != VacancyStatus.PENDING:
            messages.error(request, str(error.message))
            return redirect("opportunities:moderation")
        return _moderation_page(request, errors={vacancy.pk: str(error.message)})
    messages.success(request, _("Published: %(title)s") % {"title": vacancy.title})
    return redirect("opportunities:moderation")


@role_required(Role.MODERATOR)
@require_POST
def vacancy_reject(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = _pending_or_404(pk)
    reason = _reason(request)
    try:
        services.reject_vacancy(_signed_in(request), vacancy, reason)
    except DomainError as error:
        if vacancy.status != VacancyStatus.PENDING:
            messages.error(request, str(error.message))
            return redirect("opportunities:moderation")
        return _moderation_page(
            request, errors={vacancy.pk: str(error.message)}, reasons={vacancy.pk: reason[:2000]}
        )
    messages.success(request, _("Rejected: %(title)s") % {"title": vacancy.title})
    return redirect("opportunities:moderation")
