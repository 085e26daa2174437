import pytest
from django.urls import reverse

from tests.factories import make_occupation, make_skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def electrician():
    wiring = make_skill("install electrical wiring", fr="installer du câblage électrique")
    safety = make_skill("follow safety rules")
    return make_occupation(
        "electrician", fr="électricien/électricienne", essential=(wiring,), optional=(safety,)
    )


def test_search_page_without_a_query_shows_the_form(client):
    response = client.get(reverse("taxonomy:search"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-live="#results"' in html and 'name="q"' in html
    assert "This service uses the ESCO classification" in html


def test_search_page_lists_occupations_linking_to_their_page(client, electrician):
    response = client.get(reverse("taxonomy:search"), {"q": "electrican"})
    html = response.content.decode()
    assert reverse("taxonomy:occupation", args=[electrician.pk]) in html
    assert "electrician" in html


def test_partial_returns_only_the_results_fragment(client, electrician):
    response = client.get(
        reverse("taxonomy:search"), {"q": "wiring", "kind": "skill", "partial": "1"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "install electrical wiring" in html


def test_no_match_says_so(client, electrician):
    html = client.get(reverse("taxonomy:search"), {"q": "astronaut"}).content.decode()
    assert "Nothing matches" in html


def test_unknown_kind_is_a_form_error(client, electrician):
    response = client.get(reverse("taxonomy:search"), {"q": "electrician", "kind": "planet"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist"' in html
    assert reverse("taxonomy:occupation", args=[electrician.pk]) not in html


def test_labels_follow_the_interface_language(client, electrician):
    response = client.get(
        reverse("taxonomy:search"), {"q": "electricien"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "électricien/électricienne" in response.content.decode()


def test_occupation_page_lists_essential_and_optional_skills(client, electrician):
    response = client.get(reverse("taxonomy:occupation", args=[electrician.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "install electrical wiring" in html and "follow safety rules" in html
    assert html.index("install electrical wiring") < html.index("follow safety rules")
    assert "This service uses the ESCO classification" in html


def test_occupation_page_in_french(client, electrician):
    response = client.get(
        reverse("taxonomy:occupation", args=[electrician.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    html = response.content.decode()
    assert "électricien/électricienne" in html
    assert "installer du câblage électrique" in html


def test_skill_page_lists_the_occupations_that_need_it(client, electrician):
    skill_id = electrician.skills.get(labels__en="install electrical wiring").pk
    html = client.get(reverse("taxonomy:skill", args=[skill_id])).content.decode()
    assert reverse("taxonomy:occupation", args=[electrician.pk]) in html


@pytest.mark.parametrize("name", ["taxonomy:occupation", "taxonomy:skill"])
def test_unknown_concepts_are_404(client, name):
    assert client.get(reverse(name, args=[999_999])).status_code == 404
