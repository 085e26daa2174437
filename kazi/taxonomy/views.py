"""Public pages to browse the ESCO taxonomy: search (type-ahead) and concept details."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from . import selectors
from .constants import ConceptKind
from .forms import TaxonomySearchForm

RESULTS_SHOWN = 20


def search(request: HttpRequest) -> HttpResponse:
    """GET ?q=&kind=occupation|skill. With ``partial=1`` (live.js) only the results."""
    form = TaxonomySearchForm(request.GET or None)
    language = selectors.normalise_language(get_language())
    hits: list[selectors.ConceptHit] = []
    query = ""
    kind = ConceptKind.OCCUPATION.value
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"].strip()
        kind = form.cleaned_data["kind"]
        if query:
            find = (
                selectors.search_skills
                if kind == ConceptKind.SKILL
                else selectors.search_occupations
            )
            hits = find(query, language, RESULTS_SHOWN)
    context = {"form": form, "hits": hits, "query": query, "kind": kind}
    if request.GET.get("partial") == "1":
        return render(request, "taxonomy/_results.html", context)
    return render(request, "taxonomy/search.html", context)


def occupation(request: HttpRequest, pk: int) -> HttpResponse:
    detail = selectors.occupation_detail(pk, get_language() or "en")
    if detail is None:
        raise Http404
    return render(request, "taxonomy/occupation.html", {"detail": detail})


def skill(request: HttpRequest, pk: int) -> HttpResponse:
    detail = selectors.skill_detail(pk, get_language() or "en")
    if detail is None:
        raise Http404
    return render(request, "taxonomy/skill.html", {"detail": detail})
