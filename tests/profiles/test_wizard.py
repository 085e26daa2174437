"""The worker's step-by-step profile: each step saves, validates and moves on."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from kazi.accounts.constants import Role
from kazi.profiles.models import Education, Experience, WorkerProfile
from tests.conftest import login
from tests.factories import make_user, make_worker

pytestmark = pytest.mark.django_db


def step_url(step: str) -> str:
    return reverse("profiles:step", args=[step])


def test_first_visit_creates_an_empty_profile_and_starts_step_one(client):
    worker = make_user(Role.WORKER)
    login(client, worker)
    response = client.get(reverse("profiles:overview"))
    assert response.status_code == 302
    assert response["Location"] == step_url("about")
    assert WorkerProfile.objects.filter(user=worker).exists()
    page = client.get(step_url("about")).content.decode()
    assert 'class="steps"' in page and 'aria-current="step"' in page
    assert "Save and continue" in page and "Back" in page


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(step_url("about"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_about_step_saves_languages_country_and_city_then_goes_to_wishes(client):
    worker = make_worker()
    login(client, worker)
    response = client.post(
        step_url("about"),
        {
            "languages": ["ar", "fr"],
            "country": "JO",
            "city": "Amman",
            "origin_country": "SY",
            "summary": "I cook for big groups.",
            "then": "next",
        },
    )
    assert response.status_code == 302 and response["Location"] == step_url("wishes")
    profile = WorkerProfile.objects.get(user=worker)
    assert profile.languages == ["ar", "fr"]
    assert (profile.country, profile.city, profile.origin_country) == ("JO", "Amman", "SY")


def test_about_step_lists_languages_and_countries_in_the_interface_language(client):
    login(client, make_worker())
    page = client.get(step_url("about")).content.decode()
    assert "Swahili" in page and "Kiswahili" in page and "Germany" in page
    client.cookies["kazi_language"] = "fr"
    page = client.get(step_url("about")).content.decode()
    assert "Allemagne" in page  # Germany, in French
    assert "Anglais" in page


def test_about_step_refuses_an_unknown_country_code(client):
    worker = make_worker(country="KE")
    login(client, worker)
    response = client.post(step_url("about"), {"languages": ["en"], "country": "QQ"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert WorkerProfile.objects.get(user=worker).country == "KE"


def test_about_step_refuses_a_non_country_cldr_code(client):
    worker = make_worker(country="KE")
    login(client, worker)
    response = client.post(step_url("about"), {"languages": ["en"], "country": "EU"})
    assert response.status_code == 200
    assert WorkerProfile.objects.get(user=worker).country == "KE"


def test_wishes_step_saves_pay_and_work_types(client):
    worker = make_worker()
    login(client, worker)
    response = client.post(
        step_url("wishes"),
        {
            "work_types": ["job", "gig"],
            "accepts_remote": "on",
            "min_pay_amount": "25000",
            "min_pay_currency": "KES",
            "min_pay_period": "month",
            "availability": "now",
            "max_hours_per_week": "25",
            "right_to_work": "yes",
        },
    )
    assert response.status_code == 302 and response["Location"] == step_url("experience")
    profile = WorkerProfile.objects.get(user=worker)
    assert profile.work_types == ["job", "gig"] and profile.accepts_remote
    assert profile.max_hours_per_week == 25
    assert profile.min_pay_amount == Decimal("25000")
    assert (profile.min_pay_currency, profile.min_pay_period) == ("KES", "month")
    assert profile.right_to_work == "yes"


@pytest.mark.parametrize("hours", ["0", "200", "-3"])
def test_wishes_step_refuses_hours_out_of_range_and_saves_nothing(client, hours):
    worker = make_worker()
    login(client, worker)
    response = client.post(step_url("wishes"), {"work_types": ["gig"], "max_hours_per_week": hours})
    assert response.status_code == 200
    assert "Give a number of hours between 1 and 100." in response.content.decode()
    profile = WorkerProfile.objects.get(user=worker)
    assert profile.max_hours_per_week is None and profile.work_types == ["job"]  # unchanged


def test_wishes_step_proposes_the_currency_of_the_country(client):
    login(client, make_worker(country="JO"))
    page = client.get(step_url("wishes")).content.decode()
    assert '<option value="JOD" selected>' in page


@pytest.mark.parametrize("amount", ["-5", "0"])
def test_wishes_step_refuses_pay_that_is_not_positive(client, amount):
    worker = make_worker()
    login(client, worker)
    response = client.post(
        step_url("wishes"),
        {
            "work_types": ["job"],
            "min_pay_amount": amount,
            "min_pay_currency": "KES",
            "min_pay_period": "month",
        },
    )
    assert response.status_code == 200
    assert "The lowest pay must be more than zero." in response.content.decode()
    profile = WorkerProfile.objects.get(user=worker)
    assert profile.min_pay_amount is None and profile.work_types == ["job"]


def test_wishes_step_refuses_an_unknown_currency(client):
    worker = make_worker()
    login(client, worker)
    response = client.post(
        step_url("wishes"),
        {
            "work_types": ["gig"],
            "min_pay_amount": "10",
            "min_pay_currency": "XYZ",
            "min_pay_period": "hour",
        },
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert WorkerProfile.objects.get(user=worker).min_pay_currency == ""


def test_wishes_step_needs_currency_and_period_with_an_amount(client):
    worker = make_worker()
    login(client, worker)
    response = client.post(step_url("wishes"), {"work_types": ["gig"], "min_pay_amount": "10"})
    assert "Please choose the currency of this amount." in response.content.decode()


def test_right_to_work_is_not_asked_when_the_deployment_does_not_ask(client, settings):
    settings.KAZI_ASK_RIGHT_TO_WORK = False
    worker = make_worker()
    login(client, worker)
    page = client.get(step_url("wishes")).content.decode()
    assert 'name="right_to_work"' not in page
    client.post(step_url("wishes"), {"work_types": ["job"], "right_to_work": "no"})
    assert WorkerProfile.objects.get(user=worker).right_to_work == ""


def test_experience_can_be_added_edited_and_deleted(client):
    worker = make_worker()
    login(client, worker)
    response = client.post(
        step_url("experience"),
        {
            "title": "Cook at a wedding hall",
            "place": "Amman",
            "paid": "on",
            "start_year": "2015",
            "end_year": "2019",
        },
    )
    assert response.status_code == 302
    experience = Experience.objects.get(profile__user=worker)
    assert (experience.start_year, experience.end_year, experience.paid, experience.formal) == (
        2015,
        2019,
        True,
        False,
    )
    page = client.get(step_url("experience")).content.decode()
    assert "Cook at a wedding hall" in page and "2015–2019" in page

    edit = reverse("profiles:experience_edit", args=[experience.pk])
    client.post(edit, {"title": "Head cook", "start_year": "2015"})
    experience.refresh_from_db()
    assert experience.title == "Head cook" and experience.end_year is None and not experience.paid

    client.post(reverse("profiles:experience_delete", args=[experience.pk]))
    assert not Experience.objects.filter(profile__user=worker).exists()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("1949", "", "Please give a year between 1950 and"),
        ("2010", str(date.today().year + 1), "Please give a year between 1950 and"),
        ("2018", "2012", "The end year cannot be before the start year."),
    ],
)
def test_experience_years_are_checked(client, start, end, message):
    worker = make_worker()
    login(client, worker)
    response = client.post(
        step_url("experience"), {"title": "Driver", "start_year": start, "end_year": end}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Experience.objects.filter(profile__user=worker).exists()


def test_experience_needs_a_title(client):
    worker = make_worker()
    login(client, worker)
    response = client.post(step_url("experience"), {"title": "  ", "start_year": "2010"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Experience.objects.exists()


def test_education_can_be_added_and_deleted_and_years_are_checked(client):
    worker = make_worker()
    login(client, worker)
    bad = client.post(step_url("education"), {"level": "secondary", "year": "1900"})
    assert "Please give a year between 1950" in bad.content.decode()
    assert not Education.objects.exists()
    client.post(
        step_url("education"),
        {"level": "vocational", "title": "Tailoring", "institution": "YWCA", "year": "2012"},
    )
    education = Education.objects.get(profile__user=worker)
    assert (education.level, education.title, education.year) == ("vocational", "Tailoring", 2012)
    assert "Tailoring" in client.get(step_url("education")).content.decode()
    client.post(reverse("profiles:education_delete", args=[education.pk]))
    assert not Education.objects.exists()


def test_education_level_must_be_from_the_list(client):
    login(client, make_worker())
    response = client.post(step_url("education"), {"level": "phd-ish"})
    assert response.status_code == 200 and not Education.objects.exists()


def test_overview_shows_completeness_and_edit_links(client):
    worker = make_worker()
    login(client, worker)
    page = client.get(reverse("profiles:overview")).content.decode()
    # the factory fills languages, country and work types: 2 of 5 steps
    assert "40% complete" in page
    for step in ("about", "wishes", "experience", "education", "skills"):
        assert step_url(step) in page


def test_unknown_step_is_not_found(client):
    login(client, make_worker())
    assert client.get("/profile/hobbies/").status_code == 404


def test_pages_stay_small(client):
    login(client, make_worker())
    for step in ("about", "wishes", "experience", "education", "skills"):
        response = client.get(step_url(step), HTTP_ACCEPT_ENCODING="gzip")
        assert len(response.content) < 30_000, step


def test_worker_is_told_when_their_lowest_pay_is_below_the_minimum_wage(client):
    from tests.factories import make_exchange_rate, make_minimum_wage

    make_minimum_wage("KE", hourly_usd="0.28", workweek="52")
    make_exchange_rate("KES", "109.64")
    worker = make_worker()
    login(client, worker)
    client.post(
        step_url("wishes"),
        {
            "work_types": ["job"],
            "min_pay_amount": "1000",
            "min_pay_currency": "KES",
            "min_pay_period": "month",
        },
    )
    page = client.get(step_url("wishes")).content.decode()
    assert "the statutory minimum wage in Kenya is" in page
    client.post(
        step_url("wishes"),
        {
            "work_types": ["job"],
            "min_pay_amount": "20000",
            "min_pay_currency": "KES",
            "min_pay_period": "month",
        },
    )
    assert "statutory minimum wage" not in client.get(step_url("wishes")).content.decode()
