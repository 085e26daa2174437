"""The demo data set on the real ESCO taxonomy and the real minimum-wage table (marked
`esco`): what a newcomer sees after `make run`. Everything is rolled back afterwards."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from kazi.accounts.constants import Role
from kazi.accounts.models import Organisation, User
from kazi.demo.loader import DEMO_PASSWORD, WORKERS, load_demo
from kazi.matching.selectors import recommend_vacancies
from kazi.opportunities.constants import VacancyStatus
from kazi.opportunities.models import TrainingOffer, Vacancy
from kazi.wages.services import check_pay

pytestmark = [pytest.mark.esco, pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
        call_command("taxonomy_import", "--no-progress", **quiet)
        call_command("wages_import", **quiet)
        assert load_demo() is True
        yield
        transaction.set_rollback(True)


def test_demo_covers_five_countries_many_occupations_and_every_role(demo):
    vacancies = Vacancy.objects.all()
    assert 90 <= vacancies.count() <= 140
    assert vacancies.values("occupation").distinct().count() >= 50
    countries = set(Organisation.objects.values_list("country", flat=True))
    assert {"KE", "JO", "PH", "FR", "BD"} <= countries
    assert Vacancy.objects.filter(status=VacancyStatus.PENDING).exists()  # moderation queue
    assert TrainingOffer.objects.filter(skills__isnull=False).distinct().count() >= 10
    for role in Role:
        user = User.objects.filter(role=role, email__endswith="@kazi.demo").first()
        assert user is not None and user.check_password(DEMO_PASSWORD), role


def test_every_demo_vacancy_pays_at_least_the_minimum_wage(demo):
    for vacancy in Vacancy.objects.all():
        result = check_pay(vacancy.country, vacancy.pay_min, vacancy.currency, vacancy.pay_period)
        assert result.status == "ok", (vacancy.title, vacancy.country, result.message)


def test_every_demo_worker_gets_recommendations_that_use_their_skills(demo):
    for slug, *_rest in WORKERS:
        profile = User.objects.get(email=f"{slug}@kazi.demo").profile
        items = recommend_vacancies(profile, "en", limit=5).items
        assert items, slug
        best = items[0].ranked
        # The best match uses their skills, or is an occupation they want or have done.
        same_occupation = best.has_factor("occupation_fit") and (
            best.factor("occupation_fit").value == 1.0
        )
        assert best.matched_essential or same_occupation, slug


def test_loading_twice_changes_nothing(demo):
    before = Vacancy.objects.count()
    assert load_demo() is False
    assert Vacancy.objects.count() == before
