"""The pages: public search and vacancy page, the employer's form and skills step, the
moderation queue; with authorisation and bad input."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from kazi.opportunities import services
from kazi.opportunities.constants import TrainingMode, VacancyKind, VacancyStatus
from kazi.opportunities.models import TrainingOffer, Vacancy, VacancySkill
from tests.conftest import login
from tests.factories import make_employer, make_user, make_vacancy, make_worker

from .conftest import form_data, vacancy_input

pytestmark = pytest.mark.django_db


def jsonld_of(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


# --- public pages --------------------------------------------------------------------------


def test_the_list_shows_open_published_vacancies_only(client):
    _, org = make_employer()
    today = timezone.localdate()
    make_vacancy(org, title="Open electrician")
    make_vacancy(org, title="Closed yesterday", closing_date=today - timedelta(days=1))
    make_vacancy(org, title="Draft plumber", status=VacancyStatus.DRAFT)
    make_vacancy(org, title="Pending mason", status=VacancyStatus.PENDING)
    make_vacancy(org, title="Expired cook", status=VacancyStatus.EXPIRED)
    html = client.get(reverse("opportunities:list")).content.decode()
    assert "Open electrician" in html
    for hidden in ("Closed yesterday", "Draft plumber", "Pending mason", "Expired cook"):
        assert hidden not in html


def test_the_list_filters_by_country_kind_remote_occupation_and_skill(client, taxonomy):
    _, kenya = make_employer("KE")
    _, jordan = make_employer("JO")
    make_vacancy(
        kenya,
        title="Nairobi electrician",
        occupation=taxonomy.electrician,
        essential=(taxonomy.wiring,),
    )
    make_vacancy(
        jordan, title="Amman welder", city="Amman", currency="JOD", essential=(taxonomy.welding,)
    )
    make_vacancy(kenya, title="Data labelling", kind=VacancyKind.MICROTASK, remote=True)

    def titles(**params: str) -> set[str]:
        html = client.get(reverse("opportunities:list"), params).content.decode()
        return {t for t in ("Nairobi electrician", "Amman welder", "Data labelling") if t in html}

    assert titles() == {"Nairobi electrician", "Amman welder", "Data labelling"}
    assert titles(country="JO") == {"Amman welder"}
    assert titles(kind="microtask") == {"Data labelling"}
    assert titles(remote="on") == {"Data labelling"}
    assert titles(occupation=str(taxonomy.electrician.pk)) == {"Nairobi electrician"}
    assert titles(occupation="electrician") == {"Nairobi electrician"}
    assert titles(skill=taxonomy.welding.uri) == {"Amman welder"}
    assert titles(skill="weld metal") == {"Amman welder"}
    assert titles(q="welder") == {"Amman welder"}
    assert titles(skill="zzzzqqq") == set()


def test_the_list_answers_a_fragment_for_live_search_and_paginates(client):
    _, org = make_employer()
    for n in range(25):
        make_vacancy(org, title=f"Job number {n:02d}")
    full = client.get(reverse("opportunities:list")).content.decode()
    assert "<html" in full and "Page 1 of 2" in full
    fragment = client.get(reverse("opportunities:list"), {"partial": "1"}).content.decode()
    assert "<html" not in fragment and "25 vacancies" in fragment
    second = client.get(reverse("opportunities:list"), {"page": "2"}).content.decode()
    assert "Page 2 of 2" in second
    assert client.get(reverse("opportunities:list"), {"page": "x"}).status_code == 200


def test_bad_filters_are_explained_not_crashing(client):
    response = client.get(reverse("opportunities:list"), {"country": "Narnia", "kind": "party"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "errorlist" in html and "Select a valid choice" in html


def test_training_offers_appear_in_the_list_and_have_a_page(client, taxonomy):
    _, provider = make_employer()
    offer = TrainingOffer.objects.create(
        provider=provider,
        title="Wiring basics",
        mode=TrainingMode.IN_PERSON,
        country="KE",
        city="Nairobi",
        duration_hours=40,
        cost=D("0"),
    )
    offer.skills.add(taxonomy.wiring)
    html = client.get(reverse("opportunities:list")).content.decode()
    assert "Wiring basics" in html
    html = client.get(reverse("opportunities:list"), {"kind": "training"}).content.decode()
    assert "Wiring basics" in html and "1 training offer" in html
    page = client.get(reverse("opportunities:training_detail", args=[offer.pk])).content.decode()
    assert "install electric wiring" in page and "40 hours" in page
    offer.active = False
    offer.save()
    assert client.get(reverse("opportunities:training_detail", args=[offer.pk])).status_code == 404


def test_the_vacancy_page_embeds_valid_jobposting_json_ld(client, taxonomy, wages):
    _, org = make_employer()
    vacancy = make_vacancy(
        org,
        title="Electrician </script><b>",
        occupation=taxonomy.electrician,
        essential=(taxonomy.wiring,),
        optional=(taxonomy.testing,),
        pay_max=D("40000"),
    )
    vacancy.pay_check = services.check_pay("KE", vacancy.pay_min, "KES", "month").as_dict()
    vacancy.save()
    response = client.get(reverse("opportunities:detail", args=[vacancy.pk]))
    html = response.content.decode()
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    data = jsonld_of(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "JobPosting"
    assert data["title"] == "Electrician </script><b>"  # escaped inside the script, intact as data
    assert data["occupationalCategory"] == taxonomy.electrician.uri
    assert data["skills"][0]["@id"] == taxonomy.wiring.uri
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "minValue": 30000,
        "maxValue": 40000,
        "unitText": "MONTH",
    }
    assert data["jobLocation"]["address"]["addressCountry"] == "KE"
    assert data["url"].endswith(f"/opportunities/{vacancy.pk}/")
    assert "30,000–40,000 KES per month" in html
    assert "install electric wiring" in html and "test electrical equipment" in html
    assert "at or above the statutory minimum wage in Kenya" in html


def test_the_vacancy_page_shows_skills_in_the_interface_language(client, taxonomy):
    _, org = make_employer()
    vacancy = make_vacancy(org, essential=(taxonomy.wiring,))
    client.cookies["kazi_language"] = "fr"
    html = client.get(reverse("opportunities:detail", args=[vacancy.pk])).content.decode()
    assert "installer le câblage électrique" in html


def test_a_no_data_notice_is_shown_on_the_vacancy_page(client, wages):
    _, org = make_employer("AT")
    vacancy = make_vacancy(org, currency="EUR")
    vacancy.pay_check = services.check_pay("AT", vacancy.pay_min, "EUR", "month").as_dict()
    vacancy.save()
    html = client.get(reverse("opportunities:detail", args=[vacancy.pk])).content.decode()
    assert "No minimum-wage data." in html
    assert "No minimum-wage data for Austria" in html


def test_closed_and_unpublished_vacancies(client):
    employer, org = make_employer()
    today = timezone.localdate()
    closed = make_vacancy(org, closing_date=today - timedelta(days=1))
    html = client.get(reverse("opportunities:detail", args=[closed.pk])).content.decode()
    assert "This vacancy is closed" in html and "application/ld+json" not in html
    draft = make_vacancy(org, status=VacancyStatus.DRAFT)
    assert client.get(reverse("opportunities:detail", args=[draft.pk])).status_code == 404
    login(client, make_employer()[0])
    assert client.get(reverse("opportunities:detail", args=[draft.pk])).status_code == 404
    login(client, employer)
    assert client.get(reverse("opportunities:detail", args=[draft.pk])).status_code == 200


def test_workers_get_an_apply_link_and_visitors_a_sign_in_link(client):
    _, org = make_employer()
    vacancy = make_vacancy(org)
    html = client.get(reverse("opportunities:detail", args=[vacancy.pk])).content.decode()
    assert "Sign in to apply" in html
    login(client, make_worker())
    html = client.get(reverse("opportunities:detail", args=[vacancy.pk])).content.decode()
    assert f'href="{reverse("applications:apply", args=[vacancy.pk])}"' in html


# --- the employer's form -------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_and_workers_refused(client):
    response = client.get(reverse("opportunities:create"))
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    login(client, make_worker())
    assert client.get(reverse("opportunities:create")).status_code == 403
    assert client.get(reverse("opportunities:mine")).status_code == 403


def test_without_javascript_suggest_occupation_lists_occupations_for_the_title(client, taxonomy):
    employer, org = make_employer()
    login(client, employer)
    page = client.get(reverse("opportunities:create")).content.decode()
    assert 'value="KES"' in page  # currency of the organisation's country
    response = client.post(
        reverse("opportunities:create"), form_data(org, title="electrician", action="suggest")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="occupation" value="{taxonomy.electrician.pk}"' in html
    assert "errorlist" not in html  # suggesting is not submitting
    assert not Vacancy.objects.exists()
    fragment = client.get(
        reverse("opportunities:occupation_suggest"), {"q": "electri", "partial": "1"}
    ).content.decode()
    assert "electrician" in fragment and "<html" not in fragment


def test_create_then_skills_step_prefilled_from_the_occupation(client, taxonomy, wages):
    employer, org = make_employer()
    login(client, employer)
    response = client.post(
        reverse("opportunities:create"), form_data(org, occupation=str(taxonomy.electrician.pk))
    )
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("opportunities:skills", args=[vacancy.pk])
    assert vacancy.positions == 2 and vacancy.languages == ["en", "sw"]
    html = client.get(response["Location"]).content.decode()
    assert "install electric wiring" in html and "test electrical equipment" in html
    assert "Essential skills (2)" in html and "Optional skills (1)" in html
    # search and add a skill, move one, remove one
    results = client.get(response["Location"], {"q": "weld", "partial": "1"}).content.decode()
    assert "weld metal parts" in results and "Add as essential" in results
    client.post(response["Location"], {"action": "essential", "skill": taxonomy.welding.pk})
    client.post(response["Location"], {"action": "essential", "skill": taxonomy.testing.pk})
    client.post(response["Location"], {"action": "remove", "skill": taxonomy.safety.pk})
    assert dict(
        VacancySkill.objects.filter(vacancy=vacancy).values_list("skill_id", "essential")
    ) == {
        taxonomy.wiring.pk: True,
        taxonomy.testing.pk: True,
        taxonomy.welding.pk: True,
    }
    bad = client.post(response["Location"], {"action": "essential", "skill": "987654"}, follow=True)
    assert "This skill does not exist." in bad.content.decode()


def test_bad_input_on_the_form_is_shown_and_nothing_is_saved(client):
    employer, org = make_employer()
    login(client, employer)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        reverse("opportunities:create"),
        form_data(
            org,
            pay_min="0",
            pay_max="",
            currency="KSH",
            closing_date=yesterday,
            hours_per_week="99",
            positions="0",
            country="XX",
            languages=["xx"],
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the marked fields." in html
    assert "ISO 4217" in html
    assert "Ensure this value is greater than or equal to 0.01." in html
    assert "Select a valid choice" in html
    assert not Vacancy.objects.exists()
    response = client.post(
        reverse("opportunities:create"),
        form_data(org, pay_min="500", pay_max="100", closing_date=yesterday),
    )
    html = response.content.decode()
    assert "The highest pay cannot be lower than the lowest pay." in html
    assert "The closing date is in the past." in html
    assert not Vacancy.objects.exists()


def test_pay_below_the_minimum_is_refused_on_the_form_and_the_draft_kept(client, wages):
    employer, org = make_employer()
    login(client, employer)
    response = client.post(
        reverse("opportunities:create"), form_data(org, pay_min="5000", action="submit")
    )
    html = response.content.decode()
    vacancy = Vacancy.objects.get()
    assert vacancy.status == VacancyStatus.DRAFT  # the draft is kept
    assert "Raise the pay to at least 6,916 KES per month." in html
    assert "the statutory minimum wage in Kenya is 0.28 USD per hour (effective 1 May 2017)" in html
    assert reverse("opportunities:edit", args=[vacancy.pk]) in html  # the form now edits the draft
    assert (
        'value="Install and repair wiring in new houses."' in html
        or "Install and repair wiring" in html
    )
    # the employer fixes the pay and submits again
    response = client.post(
        reverse("opportunities:edit", args=[vacancy.pk]),
        form_data(org, pay_min="7000", action="submit"),
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING and vacancy.pay_min == D("7000")


def test_submit_from_the_skills_step_shows_the_refusal_on_the_pay_field(client, wages):
    employer, org = make_employer()
    vacancy = make_vacancy(org, status=VacancyStatus.DRAFT, pay_min=D("5000"))
    login(client, employer)
    skills = client.get(reverse("opportunities:skills", args=[vacancy.pk])).content.decode()
    assert "Below the minimum wage." in skills  # previewed before submitting
    response = client.post(reverse("opportunities:submit", args=[vacancy.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Raise the pay to at least 6,916 KES per month." in html
    assert 'name="pay_min"' in html
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.DRAFT


def test_an_employer_cannot_see_or_change_another_organisations_drafts(client):
    _, org_a = make_employer()
    employer_b, _ = make_employer()
    draft = make_vacancy(org_a, status=VacancyStatus.DRAFT, title="Secret draft")
    login(client, employer_b)
    assert "Secret draft" not in client.get(reverse("opportunities:mine")).content.decode()
    for name in ("detail", "edit", "skills"):
        assert client.get(reverse(f"opportunities:{name}", args=[draft.pk])).status_code == 404
    for name in ("submit", "withdraw", "edit", "skills"):
        assert client.post(reverse(f"opportunities:{name}", args=[draft.pk]), {}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == VacancyStatus.DRAFT and not draft.transitions.exists()


def test_my_vacancies_lists_status_actions_and_links(client):
    employer, org = make_employer()
    make_vacancy(org, title="Draft one", status=VacancyStatus.DRAFT)
    rejected = make_vacancy(org, title="Rejected one", status=VacancyStatus.REJECTED)
    rejected.status_reason = "Pay period unclear"
    rejected.save()
    login(client, employer)
    html = client.get(reverse("opportunities:mine")).content.decode()
    assert "Draft one" in html and "Rejected one" in html and "Pay period unclear" in html
    assert reverse("opportunities:edit", args=[rejected.pk]) in html


def test_the_employer_page_links_to_applications_and_candidates_and_shows_history(client, wages):
    employer, org = make_employer()
    vacancy = services.create_vacancy(employer, org, vacancy_input())
    services.submit_for_review(employer, vacancy)
    services.publish_vacancy(make_user("moderator"), vacancy)
    login(client, employer)
    html = client.get(reverse("opportunities:detail", args=[vacancy.pk])).content.decode()
    assert "History" in html and "Pending review" in html
    assert reverse("applications:for_vacancy", args=[vacancy.pk]) in html
    assert reverse("matching:candidates", args=[vacancy.pk]) in html
    response = client.post(
        reverse("opportunities:withdraw", args=[vacancy.pk]), {"reason": "Filled"}
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.WITHDRAWN


def test_editing_a_published_vacancy_is_refused(client):
    employer, org = make_employer()
    vacancy = make_vacancy(org)
    login(client, employer)
    response = client.post(
        reverse("opportunities:edit", args=[vacancy.pk]), form_data(org, title="Changed")
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.title == "Electrician"


def test_an_employer_without_organisation_is_told_so(client):
    login(client, make_user("employer"))
    response = client.get(reverse("opportunities:create"))
    assert response.status_code == 403
    assert "not a member of any organisation" in response.content.decode()


# --- moderation ----------------------------------------------------------------------------


def test_the_moderation_queue_publishes_and_rejects_with_a_reason(client, wages):
    _, org = make_employer()
    first = make_vacancy(org, title="First pending", status=VacancyStatus.PENDING)
    second = make_vacancy(org, title="Second pending", status=VacancyStatus.PENDING)
    moderator = make_user("moderator")
    login(client, moderator)
    html = client.get(reverse("opportunities:moderation")).content.decode()
    assert "First pending" in html and "Second pending" in html
    response = client.post(reverse("opportunities:publish", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == VacancyStatus.PUBLISHED
    assert first.transitions.get().actor == moderator
    response = client.post(reverse("opportunities:reject", args=[second.pk]), {"reason": "  "})
    assert "Give the employer a reason for the rejection." in response.content.decode()
    second.refresh_from_db()
    assert second.status == VacancyStatus.PENDING
    client.post(reverse("opportunities:reject", args=[second.pk]), {"reason": "Wrong country"})
    second.refresh_from_db()
    assert (second.status, second.status_reason) == (VacancyStatus.REJECTED, "Wrong country")
    html = client.get(reverse("opportunities:detail", args=[second.pk])).content.decode()
    assert "History" in html and "Wrong country" in html
    # publishing a vacancy that is no longer pending explains why not
    response = client.post(reverse("opportunities:publish", args=[second.pk]), follow=True)
    assert "cannot become" in response.content.decode()


def test_workers_and_employers_cannot_moderate(client):
    employer, org = make_employer()
    vacancy = make_vacancy(org, status=VacancyStatus.PENDING)
    for user in (make_worker(), employer):
        login(client, user)
        assert client.get(reverse("opportunities:moderation")).status_code == 403
        assert client.post(reverse("opportunities:publish", args=[vacancy.pk])).status_code == 403
        assert (
            client.post(
                reverse("opportunities:reject", args=[vacancy.pk]), {"reason": "x"}
            ).status_code
            == 403
        )
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING
    client.logout()
    assert client.get(reverse("opportunities:moderation")).status_code == 302


def test_get_is_not_allowed_on_actions(client):
    employer, org = make_employer()
    vacancy = make_vacancy(org, status=VacancyStatus.DRAFT)
    login(client, employer)
    assert client.get(reverse("opportunities:submit", args=[vacancy.pk])).status_code == 405


def test_an_employer_of_two_organisations_chooses_one_but_not_someone_elses(client):
    employer, first = make_employer()
    from kazi.accounts.models import Organisation

    second = Organisation.objects.create(name="Second Ltd", kind="company", country="KE")
    second.members.add(employer)
    _, stranger = make_employer()
    login(client, employer)
    page = client.get(reverse("opportunities:create")).content.decode()
    assert "Second Ltd" in page
    response = client.post(reverse("opportunities:create"), form_data(stranger))
    assert "Select a valid choice" in response.content.decode()
    assert not Vacancy.objects.exists()
    client.post(reverse("opportunities:create"), form_data(second))
    vacancy = Vacancy.objects.get()
    assert vacancy.organisation == second
    # editing keeps the organisation
    client.post(reverse("opportunities:edit", args=[vacancy.pk]), form_data(first, title="Renamed"))
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.organisation) == ("Renamed", second)


def test_moderators_see_submitted_vacancies_but_not_drafts(client):
    _, org = make_employer()
    pending = make_vacancy(org, status=VacancyStatus.PENDING, title="Waiting")
    draft = make_vacancy(org, status=VacancyStatus.DRAFT)
    login(client, make_user("moderator"))
    html = client.get(reverse("opportunities:detail", args=[pending.pk])).content.decode()
    assert "Waiting" in html and "Publish" in html
    assert client.get(reverse("opportunities:detail", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_pages_render_in_every_interface_language(client, language, wages):
    employer, org = make_employer()
    vacancy = make_vacancy(org)
    vacancy.pay_check = services.check_pay("KE", vacancy.pay_min, "KES", "month").as_dict()
    vacancy.save()
    client.cookies["kazi_language"] = language
    for url in (reverse("opportunities:list"), reverse("opportunities:detail", args=[vacancy.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()
    login(client, employer)
    client.cookies["kazi_language"] = language
    assert client.get(reverse("opportunities:create")).status_code == 200
    assert client.get(reverse("opportunities:mine")).status_code == 200
