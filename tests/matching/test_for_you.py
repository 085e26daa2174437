from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kazi.accounts.consent import record_consents
from kazi.accounts.constants import ConsentPurpose, OrganisationKind
from kazi.accounts.models import Organisation
from kazi.applications.services import apply
from kazi.matching.selectors import recommend_vacancies
from kazi.opportunities.constants import TrainingMode, VacancyStatus
from kazi.opportunities.models import TrainingOffer
from kazi.profiles.models import WorkerProfile
from tests.conftest import login
from tests.factories import make_employer, make_skill, make_user, make_vacancy, make_worker

pytestmark = pytest.mark.django_db

URL = "/for-you/"


@pytest.fixture
def taxonomy():  # type: ignore[no-untyped-def]
    names = ["wiring", "safety rules", "testing circuits", "welding", "reading blueprints",
             "driving", "first aid", "customer care"]  # fmt: skip
    return {name: make_skill(name, fr=f"{name} (fr)") for name in names}


@pytest.fixture
def employer():  # type: ignore[no-untyped-def]
    return make_employer("KE", name="Umeme Works")


def training(
    title: str,
    skills: list,
    *,
    mode: str = TrainingMode.ONLINE,
    country: str = "",
    active: bool = True,
):  # type: ignore[no-untyped-def, type-arg]
    provider = Organisation.objects.create(
        name=f"{title} school", kind=OrganisationKind.TRAINING, country="KE"
    )
    offer = TrainingOffer.objects.create(
        provider=provider, title=title, mode=mode, country=country, active=active
    )
    offer.skills.set(skills)
    return offer


def test_workers_see_vacancies_ranked_with_reasons_and_skill_tags(client, taxonomy, employer):
    _, org = employer
    t = taxonomy
    worker = make_worker(skills=(t["wiring"], t["safety rules"], t["driving"]))
    needs = (t["wiring"], t["safety rules"], t["welding"], t["reading blueprints"])
    partial = make_vacancy(org, title="Site electrician", essential=needs)
    full = make_vacancy(org, title="Delivery driver", essential=(t["driving"],))
    none = make_vacancy(org, title="Customer agent", essential=(t["customer care"],))
    html = login(client, worker).get(URL).content.decode()
    assert html.index(full.title) < html.index(partial.title) < html.index(none.title)
    assert "You have 2 of 4 essential skills; missing: welding, reading blueprints." in html
    assert "You have the essential skill." in html
    assert '<span class="tag missing">welding</span>' in html
    assert '<span class="tag">wiring</span>' in html
    assert f'href="/applications/apply/{full.pk}/"' in html
    assert "Umeme Works" in html and "Kenya" in html and "KES" in html


def test_reasons_and_skills_follow_the_workers_language(client, taxonomy, employer):
    _, org = employer
    worker = make_worker(skills=(taxonomy["wiring"],), language="fr")
    make_vacancy(org, essential=(taxonomy["wiring"], taxonomy["welding"]))
    client.cookies["kazi_language"] = "fr"
    html = login(client, worker).get(URL).content.decode()
    assert "welding (fr)" in html and "wiring (fr)" in html


def test_only_open_published_vacancies_in_the_workers_place_and_types(client, taxonomy, employer):
    _, org = employer
    _, jordan = make_employer("JO")
    worker = make_worker(skills=(taxonomy["wiring"],))
    shown = make_vacancy(org, title="Shown job")
    make_vacancy(org, title="Draft job", status=VacancyStatus.DRAFT)
    make_vacancy(org, title="Closed job", closing_date=date.today() - timedelta(days=1))
    make_vacancy(org, title="Expired job", status=VacancyStatus.EXPIRED)
    make_vacancy(org, title="Gig not sought", kind="gig")
    make_vacancy(jordan, title="Job in Amman", country="JO", city="Amman")
    remote = make_vacancy(jordan, title="Remote job", country="JO", remote=True)
    html = login(client, worker).get(URL).content.decode()
    assert shown.title in html
    for hidden in (
        "Draft job",
        "Closed job",
        "Expired job",
        "Gig not sought",
        "Job in Amman",
        remote.title,
    ):
        assert hidden not in html
    WorkerProfile.objects.filter(user=worker).update(accepts_remote=True, work_types=["job", "gig"])
    html = client.get(URL).content.decode()
    assert remote.title in html and "Gig not sought" in html and "Job in Amman" not in html


def test_country_of_origin_does_not_change_the_recommendations(taxonomy, employer):
    _, org = employer
    worker = make_worker(skills=(taxonomy["wiring"],))
    for i in range(5):
        make_vacancy(org, title=f"Job {i}", essential=(taxonomy["wiring"],) if i % 2 else ())
    profile = WorkerProfile.objects.get(user=worker)

    def ranking() -> list[tuple[int, float, str]]:
        found = recommend_vacancies(WorkerProfile.objects.get(pk=profile.pk), "en")
        return [(r.vacancy.pk, r.ranked.score, r.reason) for r in found.items]

    before = ranking()
    for origin in ("SY", "SO", "PH", ""):
        WorkerProfile.objects.filter(pk=profile.pk).update(origin_country=origin)
        assert ranking() == before


def test_training_that_teaches_the_missing_skills(client, taxonomy, employer):
    _, org = employer
    t = taxonomy
    worker = make_worker(skills=(t["wiring"],))
    make_vacancy(
        org, title="Electrician", essential=(t["wiring"], t["welding"], t["reading blueprints"])
    )
    make_vacancy(org, title="Fitter", essential=(t["welding"],))
    both = training("Welding and plans", [t["welding"], t["reading blueprints"], t["driving"]])
    welding = training("Welding basics", [t["welding"]])
    blueprints = training("Plans for beginners", [t["reading blueprints"]])
    training("Driving school", [t["driving"]])  # teaches nothing missing
    training("Old welding course", [t["welding"]], active=False)
    training("Welding in Amman", [t["welding"]], mode=TrainingMode.IN_PERSON, country="JO")
    local = training(
        "Welding in Nairobi", [t["welding"]], mode=TrainingMode.IN_PERSON, country="KE"
    )
    html = login(client, worker).get(URL).content.decode()
    section = html[html.index("Training for your missing skills") :]
    # First the training that completes the most offers (both: Electrician and Fitter;
    # welding: Fitter), then the one that brings the worker closer to most of them.
    assert "With it you would have every essential skill of 2 of your offers." in section
    assert "It brings you closer to 1 of your offers." in section  # blueprints: Electrician
    assert (
        section.index(both.title) < section.index(welding.title) < section.index(blueprints.title)
    )
    assert local.title in section
    for absent in ("Driving school", "Old welding course", "Welding in Amman"):
        assert absent not in section
    assert '<span class="tag">reading blueprints</span>' in section


def test_no_training_section_when_nothing_is_missing(client, taxonomy, employer):
    _, org = employer
    worker = make_worker(skills=(taxonomy["wiring"],))
    make_vacancy(org, essential=(taxonomy["wiring"],))
    training("Wiring again", [taxonomy["wiring"]])
    html = login(client, worker).get(URL).content.decode()
    assert "Training for your missing skills" not in html


def test_worker_without_a_profile_is_sent_to_create_one(client):
    worker = make_user()
    html = login(client, worker).get(URL).content.decode()
    assert 'href="/profile/overview/"' in html or "/profile/" in html
    assert "Create my profile" in html


def test_worker_without_skills_is_invited_to_add_them(client, employer):
    _, org = employer
    make_vacancy(org, title="Any job")
    html = login(client, make_worker()).get(URL).content.decode()
    assert "Add my skills" in html
    assert "Any job" in html


def test_worker_without_matching_consent_sees_an_explanation_not_recommendations(
    client, taxonomy, employer
):
    _, org = employer
    worker = make_worker(
        skills=(taxonomy["wiring"],), consents=(ConsentPurpose.VISIBLE_TO_EMPLOYERS,)
    )
    make_vacancy(org, title="Hidden electrician", essential=(taxonomy["wiring"],))
    html = login(client, worker).get(URL).content.decode()
    assert "Hidden electrician" not in html
    assert "You have not allowed Kazi to match your profile" in html
    assert 'href="/accounts/settings/#consents-title"' in html
    record_consents(worker, {ConsentPurpose.MATCHING: True})
    assert "Hidden electrician" in client.get(URL).content.decode()


def test_applied_vacancies_are_marked(client, taxonomy, employer):
    _, org = employer
    worker = make_worker()
    vacancy = make_vacancy(org, title="Applied job")
    apply(vacancy, worker)
    html = login(client, worker).get(URL).content.decode()
    assert "You have applied." in html
    assert f'href="/applications/apply/{vacancy.pk}/"' not in html


def test_pages_of_results_show_every_offer_once(client, employer):
    _, org = employer
    now = timezone.now()
    for i in range(25):
        make_vacancy(org, title=f"Job number {i:02d}", published_at=now - timedelta(hours=i))
    login(client, make_worker())
    first = client.get(URL).content.decode()
    second = client.get(URL + "?page=2").content.decode()
    on_first = {i for i in range(25) if f"Job number {i:02d}" in first}
    on_second = {i for i in range(25) if f"Job number {i:02d}" in second}
    assert "Page 1 of 2" in first
    assert len(on_first) == 20 and len(on_second) == 5 and on_first | on_second == set(range(25))
    assert client.get(URL + "?page=abc").status_code == 200


def test_loading_many_vacancies_takes_a_fixed_number_of_queries(
    client, taxonomy, employer, django_assert_max_num_queries
):
    _, org = employer
    worker = make_worker(skills=(taxonomy["wiring"],))
    for i in range(40):
        make_vacancy(org, title=f"Job {i}", essential=(taxonomy["wiring"], taxonomy["welding"]),
                     optional=(taxonomy["driving"],))  # fmt: skip
    login(client, worker)
    client.get(URL)  # the first request of a process also loads the skill space
    with django_assert_max_num_queries(26):
        assert client.get(URL).status_code == 200


def test_only_workers_see_the_page(client, employer):
    assert client.get(URL).status_code == 302  # to the login page
    user, _ = employer
    assert login(client, user).get(URL).status_code == 404


def test_a_full_page_of_recommendations_stays_light(client, taxonomy, employer):
    import gzip

    _, org = employer
    t = list(taxonomy.values())
    worker = make_worker(skills=tuple(t[:3]))
    for i in range(30):
        make_vacancy(org, title=f"Job {i}", essential=tuple(t[:6]), optional=tuple(t[6:]))
    html = login(client, worker).get(URL).content
    assert len(gzip.compress(html)) < 20_000  # the whole worker page budget is 60 KB


def test_counsellor_sees_a_consenting_workers_matches_and_applies_for_them(client):
    from kazi.accounts.constants import AuditAction, ConsentPurpose, Role
    from kazi.accounts.models import AuditEvent
    from kazi.applications.models import Application
    from tests.conftest import login
    from tests.factories import make_employer, make_skill, make_user, make_vacancy, make_worker

    welding = make_skill("weld metal")
    _, org = make_employer()
    vacancy = make_vacancy(org, title="Welder", essential=(welding,))
    worker = make_worker(
        skills=(welding,),
        consents=(ConsentPurpose.MATCHING, ConsentPurpose.COUNSELLOR_CONTACT),
    )
    stranger = make_worker(skills=(welding,), consents=(ConsentPurpose.MATCHING,))
    counsellor = make_user(Role.COUNSELLOR)
    login(client, counsellor)

    page = client.get(f"/for-you/worker/{worker.pk}/").content.decode()
    assert "Welder" in page and "You have the essential skill." in page
    assert f"/applications/apply/{vacancy.pk}/for/{worker.pk}/" in page
    assert AuditEvent.objects.filter(
        actor=counsellor, subject=worker, action=AuditAction.VIEW_PROFILE
    ).exists()
    # a worker who did not consent to counsellor contact stays out of reach
    assert client.get(f"/for-you/worker/{stranger.pk}/").status_code == 404

    client.post(f"/applications/apply/{vacancy.pk}/for/{worker.pk}/", {"message": ""})
    application = Application.objects.get(vacancy=vacancy, worker=worker)
    assert application.submitted_by == counsellor


def test_workers_and_employers_cannot_open_the_counsellor_view(client):
    from tests.conftest import login
    from tests.factories import make_employer, make_worker

    worker = make_worker()
    employer, _ = make_employer()
    assert login(client, make_worker()).get(f"/for-you/worker/{worker.pk}/").status_code == 404
    assert login(client, employer).get(f"/for-you/worker/{worker.pk}/").status_code == 404
