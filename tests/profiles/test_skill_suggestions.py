"""The experience step suggests ESCO skills and occupations found in what the worker wrote,
with the supporting words highlighted; plain forms (no JavaScript) add or hide them."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client
from django.urls import reverse

from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
from kazi.accounts.models import AuditEvent, User
from kazi.profiles.models import Experience, ProfileOccupation, ProfileSkill
from kazi.taxonomy.models import Occupation, Skill
from tests.conftest import login
from tests.factories import make_user, make_worker
from tests.skills_fixture import occupation_uri, skill_uri

pytestmark = pytest.mark.django_db

FRENCH = "J'ai gardé des enfants et fait le ménage chez une famille à Nairobi"
STEP = reverse("profiles:step", args=["experience"])
CONSENTING = (ConsentPurpose.COUNSELLOR_CONTACT, ConsentPurpose.MATCHING)


def skill(key: str) -> Skill:
    return Skill.objects.get(uri=skill_uri(key))


def add_experience(client: Client, url: str = STEP, **fields: str) -> Experience:
    data = {"title": "Nanny", "description": FRENCH, "paid": "on", **fields}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    experience = Experience.objects.latest("pk")
    assert response["Location"].endswith(f"?suggest={experience.pk}#suggestions")
    return experience


def suggestions_page(client: Client, experience: Experience, url: str = STEP) -> str:
    response = client.get(url, {"suggest": experience.pk})
    assert response.status_code == 200
    return response.content.decode()


def test_after_adding_an_experience_the_worker_sees_skills_with_highlighted_words(
    client, skills_engine
):
    login(client, make_worker())
    experience = add_experience(client)
    html = suggestions_page(client, experience)
    assert 'id="suggestions"' in html
    assert "<mark>gardé des enfants</mark>" in html.replace("&#x27;", "'")
    assert "<mark>ménage</mark>" in html
    assert "look after children" in html and "perform cleaning duties" in html
    assert 'aria-label="Add look after children"' in html
    assert f'name="experience" value="{experience.pk}"' in html
    # Occupations it points to, to add to the work wanted
    assert "childcare worker" in html or "domestic cleaner" in html


def test_confirming_a_suggested_skill_adds_it_and_returns_to_the_suggestions(client, skills_engine):
    worker = make_worker()
    login(client, worker)
    experience = add_experience(client)
    childcare = skill("childcare")
    response = client.post(
        reverse("profiles:skill_add"), {"concept": childcare.pk, "experience": experience.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{STEP}?suggest={experience.pk}#suggestions"
    item = ProfileSkill.objects.get(profile__user=worker, skill=childcare)
    assert item.added_by == worker
    html = suggestions_page(client, experience)
    assert "Skill added." in html
    # Now shown as added, with no button to add it again; the other one still offered
    assert 'aria-label="Add look after children"' not in html
    assert ">Added</span>" in html
    assert 'aria-label="Add perform cleaning duties"' in html
    skills_step = client.get(reverse("profiles:step", args=["skills"])).content.decode()
    assert "look after children" in skills_step


def test_a_suggested_occupation_is_added_to_the_work_wanted(client, skills_engine):
    worker = make_worker()
    login(client, worker)
    experience = add_experience(client, title="House cleaner", description="I clean rooms")
    html = suggestions_page(client, experience)
    cleaner = Occupation.objects.get(uri=occupation_uri("cleaner"))
    assert "domestic cleaner" in html
    response = client.post(
        reverse("profiles:occupation_add"), {"concept": cleaner.pk, "experience": experience.pk}
    )
    assert response["Location"] == f"{STEP}?suggest={experience.pk}#suggestions"
    assert ProfileOccupation.objects.filter(profile__user=worker, occupation=cleaner).exists()
    assert "In the work you want" in suggestions_page(client, experience)


def test_hidden_suggestions_are_not_shown_again_and_nothing_is_saved(client, skills_engine):
    worker = make_worker()
    login(client, worker)
    experience = add_experience(client)
    cleaning = skill("cleaning")
    url = reverse("profiles:suggestion_dismiss", args=[experience.pk])
    response = client.post(url, {"kind": "skill", "concept": cleaning.pk})
    assert response["Location"] == f"{STEP}?suggest={experience.pk}#suggestions"
    html = suggestions_page(client, experience)
    assert "perform cleaning duties" not in html and "look after children" in html
    assert not ProfileSkill.objects.filter(profile__user=worker).exists()
    bad = client.post(url, {"kind": "anything", "concept": "x"})
    assert bad.status_code == 302
    assert "Please choose from the list." in client.get(bad["Location"]).content.decode()


def test_the_worker_text_is_escaped_around_the_highlights(client, skills_engine):
    login(client, make_worker())
    experience = add_experience(
        client,
        title="<b>Home</b>",
        description="<script>alert(1)</script> At Tom & Jerry's I cook food & clean rooms",
    )
    html = suggestions_page(client, experience)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Tom &amp; Jerry" in html
    assert "<mark>cook food</mark>" in html or "<mark>clean rooms</mark>" in html
    assert "<b>Home</b>" not in html and "&lt;b&gt;Home&lt;/b&gt;" in html


def test_suggestions_follow_the_interface_language(client, skills_engine):
    login(client, make_worker(language="fr"))
    experience = add_experience(client)
    html = suggestions_page(client, experience)
    assert "garder des enfants" in html and "look after children" not in html


def test_without_the_skills_cache_the_step_says_so_and_still_works(client):
    worker = make_worker()
    login(client, worker)
    experience = add_experience(client)
    html = suggestions_page(client, experience)
    assert "Skill suggestions are not available at the moment." in html
    assert 'name="title"' in html  # the form to add another experience is still there
    assert Experience.objects.filter(profile__user=worker).count() == 1


def test_suggestions_only_for_the_workers_own_experiences(client, skills_engine):
    other = make_worker()
    login(client, other)
    theirs = add_experience(client)
    login(client, make_worker())
    html = suggestions_page(client, theirs)
    assert 'id="suggestions"' not in html and "gardé" not in html
    response = client.post(
        reverse("profiles:skill_add"), {"concept": skill("childcare").pk, "experience": theirs.pk}
    )
    assert response["Location"] == reverse("profiles:step", args=["skills"])  # not theirs
    dismiss = client.post(
        reverse("profiles:suggestion_dismiss", args=[theirs.pk]),
        {"kind": "skill", "concept": skill("childcare").pk},
    )
    assert dismiss.status_code == 404


def counsellor(client: Client) -> User:
    user = make_user(Role.COUNSELLOR)
    login(client, user)
    return user


def test_counsellor_with_consent_confirms_a_suggestion_for_the_worker(client, skills_engine):
    worker = make_worker(consents=CONSENTING)
    helper = counsellor(client)
    step = reverse("profiles:worker_step", args=[worker.pk, "experience"])
    experience = add_experience(client, url=step)
    html = suggestions_page(client, experience, url=step)
    assert "<mark>gardé des enfants</mark>" in html.replace("&#x27;", "'")
    response = client.post(
        reverse("profiles:worker_skill_add", args=[worker.pk]),
        {"concept": skill("childcare").pk, "experience": experience.pk},
    )
    assert response["Location"] == f"{step}?suggest={experience.pk}#suggestions"
    assert ProfileSkill.objects.get(profile__user=worker).added_by == helper
    actions = set(
        AuditEvent.objects.filter(actor=helper, subject=worker).values_list("action", flat=True)
    )
    assert {AuditAction.VIEW_PROFILE, AuditAction.EDIT_PROFILE} <= actions


def test_counsellor_without_consent_is_refused(client, skills_engine):
    worker = make_worker()  # did not allow counsellor contact
    experience = Experience.objects.create(
        profile=worker.profile, title="Nanny", description=FRENCH
    )
    counsellor(client)
    step = reverse("profiles:worker_step", args=[worker.pk, "experience"])
    assert client.get(step, {"suggest": experience.pk}).status_code == 404
    response = client.post(
        reverse("profiles:worker_skill_add", args=[worker.pk]),
        {"concept": skill("childcare").pk, "experience": experience.pk},
    )
    assert response.status_code == 404
    dismiss = client.post(
        reverse("profiles:worker_suggestion_dismiss", args=[worker.pk, experience.pk]),
        {"kind": "skill", "concept": skill("childcare").pk},
    )
    assert dismiss.status_code == 404
    assert not ProfileSkill.objects.filter(profile__user=worker).exists()


def test_the_step_with_suggestions_stays_light(client, skills_engine):
    login(client, make_worker())
    experience = add_experience(client)
    html = client.get(STEP, {"suggest": experience.pk}).content
    assert b"<script" not in html.split(b"</main>")[0]  # no script added to the page body
    assert len(gzip.compress(html)) < 10_000  # the whole worker page budget is 60 KB
