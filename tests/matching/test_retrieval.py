"""Beyond a few thousand candidates, the vector index shortlists them before exact
scoring; on small data the shortlist holds everything, so both paths agree."""

from __future__ import annotations

import pytest

from kazi.matching import index as idx
from kazi.matching.loading import reset_space
from kazi.matching.selectors import rank_for_vacancy, rank_for_worker
from kazi.profiles.models import WorkerProfile
from tests.factories import make_employer, make_skill, make_vacancy, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    settings.KAZI_SKILLS_DIR = tmp_path / "no-skills-cache"
    reset_space()
    idx.reset_indexes()
    yield
    idx.reset_indexes()
    reset_space()


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    skills = [make_skill(f"skill {i}") for i in range(8)]
    _, org = make_employer("KE")
    _, other_org = make_employer("KE")
    vacancies = [
        make_vacancy(org if i % 2 else other_org, title=f"Job {i}",
                     essential=tuple(skills[i % 8 : i % 8 + 2]), optional=(skills[(i + 3) % 8],))
        for i in range(12)
    ]  # fmt: skip
    make_vacancy(org, title="Far away", country="JO", essential=(skills[0],))
    workers = [make_worker(skills=tuple(skills[i : i + 3])) for i in range(5)]
    return skills, vacancies, workers


def _ranking(items):  # type: ignore[no-untyped-def]
    return [(r.id, r.score) for r in items]


def test_shortlisted_ranking_of_opportunities_equals_the_exact_one(settings, world):
    _, _, workers = world
    profile = WorkerProfile.objects.get(user=workers[0])
    exact = rank_for_worker(profile)
    settings.KAZI_MATCH_EXACT_LIMIT = 0  # always go through the index
    settings.KAZI_MATCH_SHORTLIST = 50
    assert _ranking(rank_for_worker(profile)) == _ranking(exact)
    settings.KAZI_MATCH_SHORTLIST = 3  # a short shortlist keeps the closest ones
    short = rank_for_worker(profile)
    assert len(short) == 3 and {r.id for r in short} <= {r.id for r in exact}
    best = max(r.score for r in exact)
    assert all(r.score == best for r in short)  # the closest vectors are the best fits


def test_shortlisted_ranking_of_workers_equals_the_exact_one(settings, world):
    _, vacancies, _ = world
    exact = rank_for_vacancy(vacancies[1])
    settings.KAZI_MATCH_EXACT_LIMIT = 0
    assert _ranking(rank_for_vacancy(vacancies[1])) == _ranking(exact)
    assert len(exact) == 5


def test_a_pinned_offer_reaches_the_list_even_when_the_index_does_not_shortlist_it(settings, world):
    from kazi.accounts.constants import ConsentPurpose, Role
    from kazi.matching.override_services import set_override
    from kazi.opportunities.models import Vacancy
    from tests.factories import make_user

    skills, _, _ = world
    helped = make_worker(
        skills=tuple(skills[:3]),
        consents=(ConsentPurpose.MATCHING, ConsentPurpose.COUNSELLOR_CONTACT),
    )
    profile = WorkerProfile.objects.get(user=helped)
    settings.KAZI_MATCH_EXACT_LIMIT = 0
    settings.KAZI_MATCH_SHORTLIST = 2
    shortlisted = {r.id for r in rank_for_worker(profile)}
    far = Vacancy.objects.filter(country="KE").exclude(pk__in=shortlisted).first()
    assert far is not None
    set_override(make_user(role=Role.COUNSELLOR), helped, far, "pin", "Her cousin works there")
    from kazi.matching.selectors import recommend_vacancies

    items = recommend_vacancies(profile, "en").items
    assert items[0].vacancy.pk == far.pk and "pinned" in items[0].ranked.flags
