"""Aggregated figures: small counts hidden, and not recoverable from the totals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kazi.accounts.constants import Role
from kazi.grievances import selectors, services
from kazi.grievances.constants import Category, Outcome, State
from kazi.grievances.models import Grievance
from kazi.grievances.suppression import Cell, rounded, suppress
from tests.conftest import login
from tests.factories import make_user
from tests.grievances.factories import file_case, make_agency

pytestmark = pytest.mark.django_db


def test_one_small_count_hides_a_second_one_with_it():
    cells = suppress([("a", "A", 12), ("b", "B", 3), ("c", "C", 7), ("d", "D", 0)], 5)
    assert cells == [
        Cell("a", "A", 12),
        Cell("b", "B", None),
        Cell("c", "C", None),  # the smallest other non-zero count
        Cell("d", "D", 0),
    ]
    assert [c.count for c in suppress([("a", "A", 3), ("b", "B", 2), ("c", "C", 9)], 5)] == [
        None,
        None,
        9,
    ]
    assert rounded(42) == 40 and rounded(43) == 45 and rounded(45) == 45


def _cases(n, **extra):  # type: ignore[no-untyped-def]
    return [file_case(**extra).grievance for _ in range(n)]


def test_figures_hide_small_counts_and_round_the_total_on_page_csv_and_api():
    agency = make_agency()
    _cases(8, category=Category.UNPAID_WAGES, agency_id=agency.pk)
    _cases(6, category=Category.ILLEGAL_FEES, country="AE")
    _cases(2, category=Category.FORCED_LABOUR)  # 16 cases in all
    figures = selectors.figures()
    assert figures.total == 15 and figures.total_is_rounded
    by_category = {c.key: c.count for c in figures.tables[0].cells}
    assert by_category[Category.FORCED_LABOUR] is None
    assert by_category[Category.ILLEGAL_FEES] is None  # hidden to protect the 2
    assert by_category[Category.UNPAID_WAGES] == 8
    assert by_category[Category.OTHER] == 0
    agencies = {c.label: c.count for c in figures.tables[2].cells}
    assert agencies == {"Himalaya Manpower": 8, "No registry agency named": 8}

    analyst = login(Client(), make_user(Role.ANALYST))
    page = analyst.get(reverse("grievances:stats")).content.decode()
    assert "fewer than 5" in page and "About 15 cases in all." in page
    assert "<svg" in page and "16" not in page.split("About 15")[1].split("</p>")[0]
    csv_text = analyst.get(reverse("grievances:stats_csv")).content.decode()
    assert "category,forced_labour,Signs of forced labour,fewer than 5," in csv_text
    assert "total,,all cases,about 15," in csv_text
    api = analyst.get("/api/v1/grievances/stats").json()
    cells = {c["key"]: c["cases"] for c in api["tables"][0]["cells"]}
    assert cells["forced_labour"] is None and cells["unpaid_wages"] == 8
    assert api["total"] == 15 and api["total_is_rounded"] is True


def test_fewer_cases_than_the_minimum_show_no_figures_at_all():
    _cases(4)
    assert selectors.figures().total is None
    page = login(Client(), make_user(Role.ADMINISTRATOR)).get(reverse("grievances:stats"))
    assert "no figures are shown yet" in page.content.decode()


def test_time_to_resolution_is_a_median_per_category_shown_from_five_cases():
    counsellor = make_user(Role.COUNSELLOR)
    now = timezone.now()
    for days in (2, 4, 6, 8, 10):
        grievance = file_case(category=Category.UNPAID_WAGES).grievance
        Grievance.objects.filter(pk=grievance.pk).update(created_at=now - timedelta(days=days))
        services.transition(grievance, State.CLOSED, counsellor, outcome=Outcome.REMEDIED, now=now)
    row = next(r for r in selectors.figures().resolution if r.key == Category.UNPAID_WAGES)
    assert row.resolved == 5 and row.median_days == pytest.approx(6, abs=0.01)


def test_only_analysts_and_administrators_see_the_figures():
    for role in (Role.WORKER, Role.COUNSELLOR, Role.PARTNER, Role.MODERATOR):
        browser = login(Client(), make_user(role))
        assert browser.get(reverse("grievances:stats")).status_code == 403
        assert browser.get(reverse("grievances:stats_csv")).status_code == 403
        assert browser.get("/api/v1/grievances/stats").status_code == 403


def test_an_agency_name_that_looks_like_a_formula_stays_text_in_the_csv():
    agency = make_agency(name='=HYPERLINK("http://evil.example","x")')
    _cases(8, category=Category.UNPAID_WAGES, agency_id=agency.pk)
    analyst = login(Client(), make_user(Role.ANALYST))
    csv_text = analyst.get(reverse("grievances:stats_csv")).content.decode()
    assert "'=HYPERLINK" in csv_text
    assert ',"=HYPERLINK' not in csv_text and ",=HYPERLINK" not in csv_text
