"""Small builders for test data. A tiny fixture taxonomy stands in for ESCO where the
test is about behaviour, not about the real taxonomy (tests marked `esco` use the real one).
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from kazi.accounts.consent import record_consents
from kazi.accounts.constants import ConsentPurpose, OrganisationKind, Role
from kazi.accounts.models import Organisation, User
from kazi.opportunities.constants import ContractType, VacancyStatus
from kazi.opportunities.models import Vacancy, VacancySkill
from kazi.profiles.models import ProfileSkill, WorkerProfile
from kazi.taxonomy.models import Label, Occupation, OccupationSkill, Skill
from kazi.wages.models import ExchangeRate, MinimumWage

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-7"


def make_skill(en: str, fr: str = "", alt_en: tuple[str, ...] = ()) -> Skill:
    n = next(_seq)
    labels = {"en": en, **({"fr": fr} if fr else {})}
    skill = Skill.objects.create(
        uri=f"http://data.europa.eu/esco/skill/test-{n}",
        skill_type="skill/competence",
        labels=labels,
    )
    for lang, text in labels.items():
        Label.objects.create(
            kind="skill", concept_id=skill.pk, language=lang, text=text, preferred=True
        )
    for text in alt_en:
        Label.objects.create(kind="skill", concept_id=skill.pk, language="en", text=text)
    return skill


def make_occupation(
    en: str, fr: str = "", essential: tuple[Skill, ...] = (), optional: tuple[Skill, ...] = ()
) -> Occupation:
    n = next(_seq)
    labels = {"en": en, **({"fr": fr} if fr else {})}
    occ = Occupation.objects.create(
        uri=f"http://data.europa.eu/esco/occupation/test-{n}", code=f"9999.{n}", labels=labels
    )
    for lang, text in labels.items():
        Label.objects.create(
            kind="occupation", concept_id=occ.pk, language=lang, text=text, preferred=True
        )
    for skill in essential:
        OccupationSkill.objects.create(occupation=occ, skill=skill, essential=True)
    for skill in optional:
        OccupationSkill.objects.create(occupation=occ, skill=skill, essential=False)
    return occ


def make_user(role: str = Role.WORKER, *, email: str | None = None, **extra: Any) -> User:
    n = next(_seq)
    email = email or f"{role}{n}@example.org"
    extra.setdefault("display_name", f"{role.title()} {n}")
    return User.objects.create_user(email, PASSWORD, role=role, **extra)


def make_worker(
    *,
    consents: tuple[str, ...] = (ConsentPurpose.VISIBLE_TO_EMPLOYERS, ConsentPurpose.MATCHING),
    skills: tuple[Skill, ...] = (),
    country: str = "KE",
    **extra: Any,
) -> User:
    user = make_user(Role.WORKER, **extra)
    profile = WorkerProfile.objects.create(
        user=user, country=country, city="Nairobi", languages=["en", "sw"], work_types=["job"]
    )
    for skill in skills:
        ProfileSkill.objects.create(profile=profile, skill=skill, added_by=user)
    record_consents(user, {p.value: p.value in consents for p in ConsentPurpose})
    return user


def make_employer(country: str = "KE", name: str = "") -> tuple[User, Organisation]:
    user = make_user(Role.EMPLOYER)
    org = Organisation.objects.create(
        name=name or f"Employer {user.pk}", kind=OrganisationKind.COMPANY, country=country
    )
    org.members.add(user)
    return user, org


def make_vacancy(
    org: Organisation,
    *,
    title: str = "Electrician",
    occupation: Occupation | None = None,
    essential: tuple[Skill, ...] = (),
    optional: tuple[Skill, ...] = (),
    status: str = VacancyStatus.PUBLISHED,
    **extra: Any,
) -> Vacancy:
    fields: dict[str, Any] = {
        "organisation": org,
        "title": title,
        "occupation": occupation,
        "description": f"We are hiring: {title}.",
        "country": org.country,
        "city": "Nairobi",
        "pay_min": Decimal("30000"),
        "currency": "KES",
        "pay_period": "month",
        "contract_type": ContractType.PERMANENT,
        "hours_per_week": Decimal("45"),
        "closing_date": date.today() + timedelta(days=30),
        "status": status,
    }
    fields.update(extra)
    vacancy = Vacancy.objects.create(**fields)
    for skill in essential:
        VacancySkill.objects.create(vacancy=vacancy, skill=skill, essential=True)
    for skill in optional:
        VacancySkill.objects.create(vacancy=vacancy, skill=skill, essential=False)
    return vacancy


def make_minimum_wage(
    country: str = "KE", hourly_usd: str = "0.28", workweek: str = "52"
) -> MinimumWage:
    return MinimumWage.objects.create(
        country=country,
        hourly_amount=Decimal(hourly_usd),
        currency="USD",
        workweek_hours=Decimal(workweek),
        effective_date=date(2017, 5, 1),
        effective_text="1 May 2017",
        source="test",
    )


def make_exchange_rate(currency: str = "KES", per_usd: str = "109.64") -> ExchangeRate:
    return ExchangeRate.objects.create(
        currency=currency, units_per_usd=Decimal(per_usd), as_of=date(2021, 12, 31), source="test"
    )
