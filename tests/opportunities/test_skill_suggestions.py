"""The vacancy form suggests occupations from the title and the description, and the skills
step suggests the skills found in the description (plain forms, no JavaScript needed)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kazi.opportunities.constants import VacancyStatus
from kazi.opportunities.models import Vacancy, VacancySkill
from kazi.skills.engine import MAX_TEXT_CHARS
from kazi.taxonomy.models import Occupation, Skill
from tests.conftest import login
from tests.factories import make_employer, make_vacancy
from tests.skills_fixture import occupation_uri, skill_uri

from .conftest import form_data

pytestmark = pytest.mark.django_db

NANNY_AD = "You will look after the children of a family and cook food for them."


def test_suggest_from_my_text_lists_occupations_found_in_title_and_description(
    client, skills_engine
):
    employer, org = make_employer()
    login(client, employer)
    page = client.get(reverse("opportunities:create")).content.decode()
    assert "Suggest from my text" in page
    response = client.post(
        reverse("opportunities:create"),
        form_data(
            org,
            title="Family job",
            description="We need a nanny to look after our children and cook food.",
            action="suggest",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    childcare = Occupation.objects.get(uri=occupation_uri("childcare-worker"))
    # "Family job" names no occupation: this one comes from the description
    assert f'name="occupation" value="{childcare.pk}"' in html
    assert "childcare worker" in html and "from “" in html
    assert "errorlist" not in html and not Vacancy.objects.exists()


def test_without_the_skills_cache_the_form_falls_back_to_the_title(client, taxonomy):
    employer, org = make_employer()
    login(client, employer)
    response = client.post(
        reverse("opportunities:create"), form_data(org, title="electrician", action="suggest")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Suggestions from your description are not available at the moment" in html
    assert f'name="occupation" value="{taxonomy.electrician.pk}"' in html


@pytest.fixture
def nanny_vacancy(skills_engine) -> tuple[Client, Vacancy]:
    employer, org = make_employer()
    vacancy = make_vacancy(org, title="Nanny", description=NANNY_AD, status=VacancyStatus.DRAFT)
    return employer, vacancy


def test_skills_step_offers_skills_found_in_the_description(client, nanny_vacancy):
    employer, vacancy = nanny_vacancy
    login(client, employer)
    url = reverse("opportunities:skills", args=[vacancy.pk])
    page = client.get(url).content.decode()
    assert "Suggest skills from my description" in page
    assert "look after children" not in page  # the engine runs only when asked
    html = client.get(url, {"suggest": "1"}).content.decode()
    assert 'id="from-description"' in html
    assert 'aria-label="Add look after children as essential"' in html
    assert 'aria-label="Add prepare meals as optional"' in html
    assert "“look after the children”" in html or "children" in html


def test_employer_adds_a_suggested_skill_as_essential_or_optional(client, nanny_vacancy):
    employer, vacancy = nanny_vacancy
    login(client, employer)
    url = reverse("opportunities:skills", args=[vacancy.pk])
    childcare = Skill.objects.get(uri=skill_uri("childcare"))
    cooking = Skill.objects.get(uri=skill_uri("cooking"))
    response = client.post(url, {"skill": childcare.pk, "action": "essential", "suggest": "1"})
    assert response["Location"] == f"{url}?suggest=1#from-description"
    client.post(url, {"skill": cooking.pk, "action": "optional", "suggest": "1"})
    required = dict(vacancy.skill_requirements.values_list("skill_id", "essential"))
    assert required == {childcare.pk: True, cooking.pk: False}
    html = client.get(url, {"suggest": "1"}).content.decode()
    assert "Essential skills (1)" in html and "Optional skills (1)" in html
    assert 'aria-label="Add look after children as essential"' not in html
    assert "already listed" in html


def test_other_employers_cannot_see_or_use_the_suggestions(client, nanny_vacancy):
    _employer, vacancy = nanny_vacancy
    stranger, _org = make_employer()
    login(client, stranger)
    url = reverse("opportunities:skills", args=[vacancy.pk])
    assert client.get(url, {"suggest": "1"}).status_code == 404
    childcare = Skill.objects.get(uri=skill_uri("childcare"))
    response = client.post(url, {"skill": childcare.pk, "action": "essential", "suggest": "1"})
    assert response.status_code == 404
    assert not VacancySkill.objects.exists()


def test_a_long_description_is_read_up_to_the_limit(client, skills_engine):
    employer, org = make_employer()
    description = NANNY_AD + " " + "We are a friendly household. " * 400
    vacancy = make_vacancy(org, title="Nanny", description=description, status=VacancyStatus.DRAFT)
    login(client, employer)
    html = client.get(
        reverse("opportunities:skills", args=[vacancy.pk]), {"suggest": "1"}
    ).content.decode()
    assert f"Only the first {MAX_TEXT_CHARS} characters of the description were read." in html
    assert "look after children" in html


def test_skills_step_without_the_skills_cache_says_so(client, taxonomy):
    employer, org = make_employer()
    vacancy = make_vacancy(org, status=VacancyStatus.DRAFT, essential=(taxonomy.wiring,))
    login(client, employer)
    response = client.get(reverse("opportunities:skills", args=[vacancy.pk]), {"suggest": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skill suggestions are not available at the moment." in html
    assert "install electric wiring" in html  # the step still works
