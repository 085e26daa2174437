"""Vacancy services: validation, skills, the pay check at submission, the state machine,
moderation and expiry."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.utils import timezone

from kazi.core.errors import DomainError, PermissionDeniedError
from kazi.opportunities import services
from kazi.opportunities.constants import VacancyStatus
from kazi.opportunities.models import Vacancy, VacancySkill, VacancyTransition
from tests.factories import make_employer, make_user, make_vacancy, make_worker

from .conftest import vacancy_input

pytestmark = pytest.mark.django_db


def skills_of(vacancy: Vacancy) -> dict[int, bool]:
    return dict(VacancySkill.objects.filter(vacancy=vacancy).values_list("skill_id", "essential"))


def test_a_new_vacancy_is_a_draft_with_skills_from_its_occupation(taxonomy):
    employer, org = make_employer()
    vacancy = services.create_vacancy(
        employer, org, vacancy_input(occupation_id=taxonomy.electrician.pk)
    )
    assert vacancy.status == VacancyStatus.DRAFT
    assert vacancy.created_by == employer
    assert skills_of(vacancy) == {
        taxonomy.wiring.pk: True,
        taxonomy.safety.pk: True,
        taxonomy.testing.pk: False,
    }
    first = vacancy.transitions.get()
    assert (first.from_status, first.to_status, first.actor) == ("", "draft", employer)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"description": ""}, "description"),
        ({"pay_min": D("0")}, "pay_min"),
        ({"pay_min": D("-5")}, "pay_min"),
        ({"pay_max": D("100")}, "pay_max"),  # lower than pay_min
        ({"currency": "KSH"}, "currency"),
        ({"country": "XY"}, "country"),
        ({"pay_period": "fortnight"}, "pay_period"),
        ({"contract_type": "forever"}, "contract_type"),
        ({"kind": "party"}, "kind"),
        ({"hours_per_week": D("0")}, "hours_per_week"),
        ({"hours_per_week": D("81")}, "hours_per_week"),
        ({"closing_date": None}, "closing_date"),
        ({"positions": 0}, "positions"),
        ({"languages": ["en", "klingon"]}, "languages"),
        ({"occupation_id": 987654}, "occupation"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(overrides, field):
    employer, org = make_employer()
    with pytest.raises(DomainError) as caught:
        services.create_vacancy(employer, org, vacancy_input(**overrides))
    assert caught.value.field == field
    assert str(caught.value.message)
    assert not Vacancy.objects.exists()


def test_dates_must_be_sensible():
    today = timezone.localdate()
    problems = dict(
        services.vacancy_problems(
            vacancy_input(
                closing_date=today - timedelta(days=1), start_date=today - timedelta(days=3)
            )
        )
    )
    assert problems["closing_date"] == "The closing date is in the past."
    assert problems["start_date"] == "The start date is in the past."
    problems = dict(
        services.vacancy_problems(
            vacancy_input(
                closing_date=today + timedelta(days=900), start_date=today + timedelta(days=900)
            )
        )
    )
    assert "within one year" in problems["closing_date"]
    assert "within two years" in problems["start_date"]
    assert services.vacancy_problems(vacancy_input(closing_date=today)) == []


def test_only_employer_members_of_the_organisation_create_or_edit():
    employer_a, org_a = make_employer()
    employer_b, _org_b = make_employer()
    worker = make_worker()
    with pytest.raises(PermissionDeniedError):
        services.create_vacancy(employer_b, org_a, vacancy_input())
    org_a.members.add(worker)
    with pytest.raises(PermissionDeniedError):
        services.create_vacancy(worker, org_a, vacancy_input())
    vacancy = services.create_vacancy(employer_a, org_a, vacancy_input())
    with pytest.raises(PermissionDeniedError):
        services.update_vacancy(employer_b, vacancy, vacancy_input(title="Hijacked"))
    vacancy.refresh_from_db()
    assert vacancy.title == "Electrician"


def test_changing_the_occupation_refills_unedited_skills_but_keeps_edited_ones(taxonomy):
    from tests.factories import make_occupation

    welder = make_occupation("welder", essential=(taxonomy.welding,))
    employer, org = make_employer()
    vacancy = services.create_vacancy(
        employer, org, vacancy_input(occupation_id=taxonomy.electrician.pk)
    )
    services.update_vacancy(employer, vacancy, vacancy_input(occupation_id=welder.pk))
    assert skills_of(vacancy) == {taxonomy.welding.pk: True}
    services.add_required_skill(employer, vacancy, taxonomy.safety.pk, essential=False)
    services.update_vacancy(employer, vacancy, vacancy_input(occupation_id=taxonomy.electrician.pk))
    assert skills_of(vacancy) == {taxonomy.welding.pk: True, taxonomy.safety.pk: False}
    services.reset_required_skills(employer, vacancy)
    assert set(skills_of(vacancy)) == {taxonomy.wiring.pk, taxonomy.safety.pk, taxonomy.testing.pk}


def test_skills_can_be_set_added_moved_and_removed(taxonomy):
    employer, org = make_employer()
    vacancy = services.create_vacancy(employer, org, vacancy_input())
    services.set_required_skills(
        employer, vacancy, [taxonomy.wiring.pk], [taxonomy.testing.pk, taxonomy.wiring.pk]
    )
    assert skills_of(vacancy) == {taxonomy.wiring.pk: True, taxonomy.testing.pk: False}
    services.add_required_skill(employer, vacancy, taxonomy.testing.pk, essential=True)
    services.remove_required_skill(employer, vacancy, taxonomy.wiring.pk)
    assert skills_of(vacancy) == {taxonomy.testing.pk: True}
    with pytest.raises(DomainError) as caught:
        services.add_required_skill(employer, vacancy, 987654, essential=True)
    assert caught.value.field == "skills"


# --- the pay check at submission -----------------------------------------------------------


def test_pay_below_the_minimum_is_refused_with_the_explanation_and_the_draft_is_kept(wages):
    employer, org = make_employer()
    vacancy = services.create_vacancy(employer, org, vacancy_input(pay_min=D("5000")))
    with pytest.raises(DomainError) as caught:
        services.submit_for_review(employer, vacancy)
    assert caught.value.field == "pay_min"
    assert caught.value.code == "below_minimum_wage"
    assert "the statutory minimum wage in Kenya is 0.28 USD per hour (effective 1 May 2017)" in str(
        caught.value.message
    )
    assert "Raise the pay to at least 6,916 KES per month." in str(caught.value.message)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.DRAFT
    assert vacancy.pay_check == {}
    assert vacancy.transitions.count() == 1
    # the employer fixes the pay and submits again
    services.update_vacancy(employer, vacancy, vacancy_input(pay_min=D("6916")))
    check = services.submit_for_review(employer, vacancy)
    assert check.status == "ok"
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING
    assert vacancy.pay_check["status"] == "ok"


def test_a_country_without_minimum_wage_data_is_accepted_with_the_notice_stored(wages):
    employer, org = make_employer(country="AT")
    vacancy = services.create_vacancy(
        employer, org, vacancy_input(country="AT", currency="EUR", pay_min=D("100"))
    )
    check = services.submit_for_review(employer, vacancy)
    assert check.status == "no_data"
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING
    assert vacancy.pay_check["status"] == "no_data"


def test_a_currency_without_an_exchange_rate_is_accepted_with_the_notice_stored(wages):
    employer, org = make_employer()
    vacancy = services.create_vacancy(employer, org, vacancy_input(currency="XOF", pay_min=D("10")))
    check = services.submit_for_review(employer, vacancy)
    assert check.status == "no_rate"
    vacancy.refresh_from_db()
    assert vacancy.pay_check["status"] == "no_rate"
    assert vacancy.pay_check["missing_currency"] == "XOF"


def test_submission_revalidates_the_dates(wages):
    employer, org = make_employer()
    vacancy = make_vacancy(
        org, status=VacancyStatus.DRAFT, closing_date=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(DomainError) as caught:
        services.submit_for_review(employer, vacancy)
    assert caught.value.field == "closing_date"


# --- the state machine and moderation ------------------------------------------------------


def test_the_whole_life_of_a_vacancy_is_recorded_with_who_and_why(wages):
    employer, org = make_employer()
    moderator = make_user("moderator")
    vacancy = services.create_vacancy(employer, org, vacancy_input())
    services.submit_for_review(employer, vacancy)
    services.reject_vacancy(moderator, vacancy, "Say which district in Nairobi.")
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.REJECTED
    assert vacancy.status_reason == "Say which district in Nairobi."
    services.update_vacancy(employer, vacancy, vacancy_input(city="Nairobi, Westlands"))
    services.submit_for_review(employer, vacancy)
    services.publish_vacancy(moderator, vacancy)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED
    assert vacancy.published_at is not None
    services.withdraw_vacancy(employer, vacancy, "Position filled.")
    steps = [
        (t.from_status, t.to_status, t.actor, t.reason)
        for t in VacancyTransition.objects.filter(vacancy=vacancy)
    ]
    assert steps == [
        ("", "draft", employer, "Created."),
        ("draft", "pending", employer, ""),
        ("pending", "rejected", moderator, "Say which district in Nairobi."),
        ("rejected", "draft", employer, "Edited after the rejection."),
        ("draft", "pending", employer, ""),
        ("pending", "published", moderator, ""),
        ("published", "withdrawn", employer, "Position filled."),
    ]
    assert all(t.at is not None for t in VacancyTransition.objects.filter(vacancy=vacancy))


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (VacancyStatus.DRAFT, "publish"),
        (VacancyStatus.DRAFT, "reject"),
        (VacancyStatus.PUBLISHED, "publish"),
        (VacancyStatus.PUBLISHED, "submit"),
        (VacancyStatus.EXPIRED, "withdraw"),
        (VacancyStatus.WITHDRAWN, "withdraw"),
        (VacancyStatus.WITHDRAWN, "submit"),
        (VacancyStatus.PENDING, "submit"),
    ],
)
def test_illegal_transitions_are_refused_and_not_recorded(wages, status, action):
    employer, org = make_employer()
    moderator = make_user("moderator")
    vacancy = make_vacancy(org, status=status)
    calls = {
        "publish": lambda: services.publish_vacancy(moderator, vacancy),
        "reject": lambda: services.reject_vacancy(moderator, vacancy, "no"),
        "withdraw": lambda: services.withdraw_vacancy(employer, vacancy),
        "submit": lambda: services.submit_for_review(employer, vacancy),
    }
    with pytest.raises(DomainError) as caught:
        calls[action]()
    assert caught.value.code == "illegal_transition"
    vacancy.refresh_from_db()
    assert vacancy.status == status
    assert not vacancy.transitions.exists()


def test_published_vacancies_cannot_be_edited():
    employer, org = make_employer()
    vacancy = make_vacancy(org, status=VacancyStatus.PUBLISHED)
    with pytest.raises(DomainError) as caught:
        services.update_vacancy(employer, vacancy, vacancy_input(title="Changed"))
    assert caught.value.code == "not_editable"


def test_only_moderators_publish_or_reject_and_a_reason_is_required(wages):
    employer, org = make_employer()
    vacancy = make_vacancy(org, status=VacancyStatus.PENDING)
    for user in (make_worker(), employer, make_user("counsellor")):
        with pytest.raises(PermissionDeniedError):
            services.publish_vacancy(user, vacancy)
        with pytest.raises(PermissionDeniedError):
            services.reject_vacancy(user, vacancy, "Because")
    moderator = make_user("moderator")
    with pytest.raises(DomainError) as caught:
        services.reject_vacancy(moderator, vacancy, "   ")
    assert caught.value.field == "reason"
    administrator = make_user("administrator")
    services.publish_vacancy(administrator, vacancy)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED


def test_publishing_checks_the_pay_again_against_newer_wage_data(wages):
    _employer, org = make_employer()
    vacancy = make_vacancy(org, status=VacancyStatus.PENDING, pay_min=D("7000"))
    from datetime import date

    from kazi.wages.models import MinimumWage

    MinimumWage.objects.create(
        country="KE",
        hourly_amount=D("0.50"),
        currency="USD",
        workweek_hours=D("52"),
        effective_date=date(2024, 5, 1),
        effective_text="2024-05-01",
        source="newer",
    )
    with pytest.raises(DomainError) as caught:
        services.publish_vacancy(make_user("moderator"), vacancy)
    assert caught.value.field == "pay_min"
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PENDING


def test_expiry_marks_published_vacancies_past_their_closing_date(wages):
    _employer, org = make_employer()
    today = timezone.localdate()
    old = make_vacancy(org, closing_date=today - timedelta(days=1))
    current = make_vacancy(org, closing_date=today)
    pending_old = make_vacancy(
        org, status=VacancyStatus.PENDING, closing_date=today - timedelta(days=5)
    )
    call_command("vacancies_expire", stdout=__import__("io").StringIO())
    old.refresh_from_db()
    current.refresh_from_db()
    pending_old.refresh_from_db()
    assert old.status == VacancyStatus.EXPIRED
    transition = old.transitions.get()
    assert (transition.from_status, transition.to_status, transition.actor) == (
        "published",
        "expired",
        None,
    )
    assert transition.reason == "The closing date has passed."
    assert current.status == VacancyStatus.PUBLISHED
    assert pending_old.status == VacancyStatus.PENDING
    assert services.expire_due_vacancies() == 0
