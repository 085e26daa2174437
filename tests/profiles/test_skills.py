"""Skills and occupations from ESCO: type-ahead search, add, level, remove, suggestions."""

import pytest
from django.urls import reverse

from kazi.core.errors import DomainError
from kazi.profiles import services
from kazi.profiles.models import ProfileOccupation, ProfileSkill
from tests.conftest import login
from tests.factories import make_occupation, make_skill, make_worker

pytestmark = pytest.mark.django_db

SKILLS = reverse("profiles:step", args=["skills"])
WISHES = reverse("profiles:step", args=["wishes"])


def test_worker_finds_a_skill_by_typing_and_adds_it(client):
    skill = make_skill("repair mobile phones", fr="réparer des téléphones mobiles")
    make_skill("drive a truck")
    worker = make_worker()
    login(client, worker)
    page = client.get(SKILLS, {"q": "phone"}).content.decode()
    assert "repair mobile phones" in page and "drive a truck" not in page
    response = client.post(reverse("profiles:skill_add"), {"concept": skill.pk, "q": "phone"})
    assert response.status_code == 302 and response["Location"] == f"{SKILLS}?q=phone"
    assert ProfileSkill.objects.filter(profile__user=worker, skill=skill, added_by=worker).exists()
    page = client.get(SKILLS, {"q": "phone"}).content.decode()
    assert "Added" in page and "Your skills" in page


def test_live_search_answers_with_the_results_fragment_only(client):
    make_skill("repair mobile phones")
    login(client, make_worker())
    fragment = client.get(SKILLS, {"q": "phone", "partial": "1"}).content.decode()
    assert "repair mobile phones" in fragment
    assert "<html" not in fragment and "Your skills" not in fragment


def test_search_uses_the_interface_language(client):
    make_skill("repair mobile phones", fr="réparer des téléphones mobiles")
    login(client, make_worker())
    client.cookies["kazi_language"] = "fr"
    page = client.get(SKILLS, {"q": "telephone", "partial": "1"}).content.decode()
    assert "réparer des téléphones mobiles" in page


def test_adding_the_same_skill_twice_is_harmless(client):
    skill = make_skill("bake bread")
    worker = make_worker()
    login(client, worker)
    for _ in range(2):
        client.post(reverse("profiles:skill_add"), {"concept": skill.pk})
    assert ProfileSkill.objects.filter(profile__user=worker).count() == 1


def test_adding_an_unknown_skill_says_so_and_saves_nothing(client):
    worker = make_worker()
    login(client, worker)
    response = client.post(reverse("profiles:skill_add"), {"concept": 999999}, follow=True)
    assert "This skill is not in the list of skills" in response.content.decode()
    assert not ProfileSkill.objects.filter(profile__user=worker).exists()
    with pytest.raises(DomainError) as error:
        services.add_skill(worker.profile, 999999, actor=worker)
    assert error.value.code == "unknown_skill"


def test_skill_level_can_be_set_and_skill_removed(client):
    skill = make_skill("sew garments")
    worker = make_worker(skills=(skill,))
    login(client, worker)
    client.post(reverse("profiles:skill_level", args=[skill.pk]), {"level": "expert"})
    assert ProfileSkill.objects.get(profile__user=worker, skill=skill).level == "expert"
    bad = client.post(
        reverse("profiles:skill_level", args=[skill.pk]), {"level": "guru"}, follow=True
    )
    assert "Please choose a level from the list." in bad.content.decode()
    assert ProfileSkill.objects.get(profile__user=worker, skill=skill).level == "expert"
    client.post(reverse("profiles:skill_remove", args=[skill.pk]))
    assert not ProfileSkill.objects.filter(profile__user=worker).exists()
    # removing again is not an error
    assert client.post(reverse("profiles:skill_remove", args=[skill.pk])).status_code == 302


def test_occupations_of_interest_are_searched_added_and_removed(client):
    occupation = make_occupation(
        "mobile phone repair technician", fr="technicien en réparation de téléphones mobiles"
    )
    worker = make_worker()
    login(client, worker)
    page = client.get(WISHES, {"q": "phone repair"}).content.decode()
    assert "mobile phone repair technician" in page
    client.post(reverse("profiles:occupation_add"), {"concept": occupation.pk, "q": "phone repair"})
    link = ProfileOccupation.objects.get(profile__user=worker)
    assert link.occupation == occupation and link.added_by == worker
    client.post(reverse("profiles:occupation_add"), {"concept": occupation.pk})
    assert ProfileOccupation.objects.filter(profile__user=worker).count() == 1
    response = client.post(reverse("profiles:occupation_add"), {"concept": 424242}, follow=True)
    assert "This occupation is not in the list" in response.content.decode()
    client.post(reverse("profiles:occupation_remove", args=[occupation.pk]))
    assert not ProfileOccupation.objects.filter(profile__user=worker).exists()


def test_skills_page_suggests_the_essential_skills_of_chosen_occupations(client):
    phones = make_skill("repair mobile phones")
    solder = make_skill("use soldering equipment")
    optional = make_skill("sell accessories")
    occupation = make_occupation(
        "mobile phone repair technician", essential=(phones, solder), optional=(optional,)
    )
    worker = make_worker(skills=(phones,))
    worker.profile.occupations.add(occupation)
    login(client, worker)
    page = client.get(SKILLS).content.decode()
    assert "People who work as mobile phone repair technician usually know:" in page
    suggestions = page.split("usually know:")[1]
    assert "use soldering equipment" in suggestions
    assert "repair mobile phones" not in suggestions  # already has it
    assert "sell accessories" not in suggestions  # optional, not essential
    client.post(reverse("profiles:skill_add"), {"concept": solder.pk})
    assert "usually know:" not in client.get(SKILLS).content.decode()


def test_skills_are_grouped_on_the_cv(client):
    skill = make_skill("repair mobile phones")
    knowledge = make_skill("electronics")
    knowledge.skill_type = "knowledge"
    knowledge.save()
    worker = make_worker(skills=(skill, knowledge))
    login(client, worker)
    page = client.get(reverse("profiles:cv")).content.decode()
    skills_part = page.split("<h2>Skills</h2>")[1].split("<h2>Knowledge</h2>")
    assert "repair mobile phones" in skills_part[0] and "electronics" not in skills_part[0]
    assert "electronics" in skills_part[1]
