"""Demo data: organisations in five countries, about 100 vacancies over many ESCO
occupations, training offers, workers with profiles, and one account per role.

Everything refers to ESCO by URI. Pay is set from the imported statutory minimum wage of
the country (converted with the imported exchange rates) times a factor, so every demo
vacancy passes the pay check honestly. Loading is idempotent: it does nothing when the demo
administrator account exists.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from kazi.accounts.consent import record_consents
from kazi.accounts.constants import ConsentPurpose, OrganisationKind, Role
from kazi.accounts.models import Organisation, User
from kazi.applications.constants import ApplicationStatus
from kazi.applications.models import Application, ApplicationTransition
from kazi.opportunities.constants import ContractType, TrainingMode, VacancyKind, VacancyStatus
from kazi.opportunities.models import TrainingOffer, Vacancy, VacancySkill, VacancyTransition
from kazi.profiles.models import CounsellorNote, Education, Experience, ProfileSkill, WorkerProfile
from kazi.taxonomy.models import Occupation, OccupationSkill
from kazi.wages.selectors import current_minimum, units_per_usd

DEMO_PASSWORD = "demo-Kazi-2026"  # noqa: S105 - published demo credential, demo data only
DEMO_DOMAIN = "kazi.demo"
ESCO_OCCUPATION = "http://data.europa.eu/esco/occupation/"

# (preferred English label, ESCO occupation UUID) — the label is only a reading aid.
OCCUPATIONS: list[tuple[str, str]] = [
    ("domestic housekeeper", "6d50f735-dca9-4a02-96dc-e4310ed98ae2"),
    ("child care worker", "3413f234-6230-47a8-8cc7-2691fd54ce3a"),
    ("electrician", "4910419f-b4af-4f59-b544-9dbebc8a74f0"),
    ("domestic electrician", "5dbb9cf0-b226-402c-a295-2f42ef05ff8b"),
    ("plumber", "ed3cf43d-c2c1-4c46-82fc-1375e27e0290"),
    ("bricklayer", "05f321f8-055b-407d-bf19-e0ddabda56b7"),
    ("building construction worker", "fb7e2f4f-1545-42f1-972e-94082e49c6dc"),
    ("carpenter", "2a22ff9e-de3b-408d-b312-5034896cc4f4"),
    ("welder", "7aedaa07-3884-4c5b-88f9-80997b2aa54b"),
    ("sewing machine operator", "7d4266b3-2108-4330-b27b-430a96012c21"),
    ("clothing cutter", "928dd410-c74b-4dab-94b8-fcbdcf541bd1"),
    ("tailor", "978ae3a2-0831-415a-8396-b84dde656fc5"),
    ("waiter/waitress", "d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471"),
    ("cook", "90f75f67-495d-49fa-ab57-2f320e251d7e"),
    ("kitchen porter", "f756fdab-7726-4c48-bfcc-94ff8810fc08"),
    ("baker", "1aadb308-432a-4d01-b54b-b4f7f76dd419"),
    ("hotel porter", "3cc51201-cd20-47f8-92ad-4d5861f963cf"),
    ("receptionist", "f7b04542-d8c7-42db-8475-e63b507cce82"),
    ("shop assistant", "0b15375e-dfdd-4047-9efb-096e0aaee7d2"),
    ("cashier", "2b871272-bd61-4206-bd1a-0b96d7023098"),
    ("security guard", "31808988-fc0a-4bc3-9e47-27216d6759f5"),
    ("car and van delivery driver", "0c408028-c48f-4df8-ba5d-c3d3be15f5a2"),
    ("cargo vehicle driver", "45037d43-a8f5-4f46-b332-b2935bc305f4"),
    ("warehouse worker", "bea705fe-06ac-4147-b8e0-6e8ac1208d8f"),
    ("forklift operator", "eeac6251-1974-42f5-91ed-513c6c883755"),
    ("crop production worker", "c9191f7f-28b5-4df8-991d-804c53009b83"),
    ("fruit and vegetable picker", "373db468-bd25-4b67-a6e0-4ac79d9a9e85"),
    ("fisheries deckhand", "18dafd4f-8c37-4276-b4b3-cfa31059b2b6"),
    ("mobile phone repair technician", "f0f6d531-eb96-4bad-84ff-8e2999ea68e6"),
    ("ICT help desk agent", "aaeec9a7-dc57-4485-890c-86b3eef735f9"),
    ("data entry clerk", "6353b3e8-e8f2-4ecb-b230-186927139892"),
    ("call centre agent", "0ededdc2-050a-4ec3-8e70-6295105fcd19"),
    ("nurse assistant", "87d0795a-d41f-47ee-979f-0ab7d73836e7"),
    ("home care aide", "1391bdf9-bd61-4fb5-91ca-c29036ab2b60"),
    ("solar energy technician", "75b63949-1b93-4bf2-a777-ccf978dc3e8a"),
    ("hairdresser", "099c6bb0-22d3-4c5d-8bf5-70910af381ef"),
    ("vehicle technician", "4ad4024e-d1d3-4dea-b6d1-2c7948111dce"),
    ("tile fitter", "02447817-ea01-4d8b-b09c-8bc128e447e6"),
    ("plasterer", "f4a22809-c00c-4dd0-8b09-c7251f8dcd1c"),
    ("software developer", "f2b15a0e-e65a-438a-affb-29b9d50b77d1"),
    ("web developer", "c40a2919-48a9-40ea-b506-1f34f693496d"),
    ("graphic designer", "69bcbb0a-8d80-4ecd-b0a4-9adea2a40de2"),
    ("translator", "1a07bd7d-2e1d-4930-a84a-1a442b8f2a44"),
    ("bookkeeper", "c3aae59e-1441-4b3e-bdd1-6da50dc7cf42"),
    ("sales assistant", "9ba74e8a-c40c-4228-9998-eb3c7a5c11df"),
    ("market vendor", "c822ca35-6c36-4eab-97fa-90f2775091c3"),
    ("street food vendor", "e982a28b-9de2-460c-b85d-0f65ea0aa3ca"),
    ("laundry worker", "0da51178-e386-4534-ae71-15ba789ad756"),
    ("textile machine operator", "2b136e51-154b-4cb2-8130-f73228f14b11"),
    ("knitting machine operator", "6da80214-d360-49ec-b1e7-172ab0a0cb0c"),
    ("livestock worker", "65bd2342-f7de-4932-9164-eb480e35a791"),
    ("community health worker", "c7ad889f-10fc-4346-b740-bd479ad82b47"),
    ("interpreter", "23e692a9-a242-4d4f-988f-ed562f757864"),
    ("landscape gardener", "e7970c7a-7769-4002-87d3-0a8ea94fdd6f"),
    ("chef", "1009be17-7efd-45f1-a033-566bf179c588"),
    ("barista", "bf7d8b16-4e2c-48ef-b44e-dc25b2d0ab61"),
]


@dataclass(frozen=True)
class DemoCountry:
    code: str
    currency: str
    city: str
    organisations: tuple[tuple[str, str], ...]  # (name, OrganisationKind)


COUNTRIES = (
    DemoCountry(
        "KE",
        "KES",
        "Nairobi",
        (
            ("Savannah Staffing Services", OrganisationKind.AGENCY),
            ("Kakuma Youth Works", OrganisationKind.NGO),
        ),
    ),
    DemoCountry(
        "JO",
        "JOD",
        "Amman",
        (
            ("Zarqa Industrial Employers", OrganisationKind.COMPANY),
            ("Amman Employment Partners", OrganisationKind.AGENCY),
        ),
    ),
    DemoCountry(
        "PH",
        "PHP",
        "Quezon City",
        (
            ("Luzon Workforce Solutions", OrganisationKind.AGENCY),
            ("Visayas Services Cooperative", OrganisationKind.COMPANY),
        ),
    ),
    DemoCountry(
        "FR",
        "EUR",
        "Lyon",
        (
            ("Lyon Intérim Services", OrganisationKind.AGENCY),
            ("Rhône Emploi Solidaire", OrganisationKind.NGO),
        ),
    ),
    DemoCountry(
        "BD",
        "BDT",
        "Dhaka",
        (
            ("Dhaka Industrial Employers", OrganisationKind.COMPANY),
            ("Bengal Manpower Services", OrganisationKind.AGENCY),
        ),
    ),
)

# Demo workers: (slug, name, country, city, origin, languages, interface language,
# occupation labels of interest, share of essential skills they have, experience text)
WORKERS = (
    (
        "worker",
        "Amina Hassan",
        "KE",
        "Kakuma",
        "SO",
        ["so", "sw", "en"],
        "en",
        ["mobile phone repair technician", "electrician"],
        0.7,
        "I fixed phones and radios in my uncle's shop in Kakuma for three years.",
    ),
    (
        "joseph",
        "Joseph Otieno",
        "KE",
        "Nairobi",
        "",
        ["sw", "en"],
        "en",
        ["building construction worker", "bricklayer"],
        0.8,
        "Built houses and laid bricks with a local contractor.",
    ),
    (
        "fatima",
        "Fatima Al-Hamad",
        "JO",
        "Amman",
        "SY",
        ["ar"],
        "ar",
        ["sewing machine operator", "tailor"],
        0.75,
        "عملت في خياطة الملابس في مصنع صغير في حمص ثم في عمّان",
    ),
    (
        "layla",
        "Layla Nasser",
        "JO",
        "Irbid",
        "",
        ["ar", "en"],
        "ar",
        ["child care worker", "domestic housekeeper"],
        0.6,
        "Cared for children of two families and managed their households.",
    ),
    (
        "maria",
        "Maria Santos",
        "PH",
        "Quezon City",
        "",
        ["tl", "en"],
        "en",
        ["data entry clerk", "call centre agent"],
        0.8,
        "Encoded records for a clinic and answered customer calls.",
    ),
    (
        "jose",
        "Jose Reyes",
        "PH",
        "Cebu",
        "",
        ["tl", "en"],
        "en",
        ["welder", "building construction worker"],
        0.6,
        "Welded steel frames at a shipyard.",
    ),
    (
        "moussa",
        "Moussa Diallo",
        "FR",
        "Lyon",
        "GN",
        ["fr", "ff"],
        "fr",
        ["cook", "kitchen porter"],
        0.7,
        "J'ai travaillé en cuisine dans un restaurant à Conakry puis à Lyon.",
    ),
    (
        "claire",
        "Claire Martin",
        "FR",
        "Villeurbanne",
        "",
        ["fr", "en"],
        "fr",
        ["home care aide", "nurse assistant"],
        0.5,
        "Aide à domicile auprès de personnes âgées pendant deux ans.",
    ),
    (
        "rahim",
        "Rahim Uddin",
        "BD",
        "Dhaka",
        "",
        ["bn"],
        "en",
        ["knitting machine operator", "textile machine operator"],
        0.8,
        "Operated knitting machines in a garment factory in Gazipur.",
    ),
    (
        "nusrat",
        "Nusrat Jahan",
        "BD",
        "Narayanganj",
        "",
        ["bn", "en"],
        "en",
        ["sewing machine operator", "clothing cutter"],
        0.65,
        "Sewed and cut garments for export orders.",
    ),
)

TRAINING = (
    ("Basic electrical installation", "KE", TrainingMode.IN_PERSON, 80, "electrician"),
    ("Solar PV maintenance", "KE", TrainingMode.BLENDED, 40, "solar energy technician"),
    ("Mobile phone repair", "KE", TrainingMode.IN_PERSON, 60, "mobile phone repair technician"),
    ("Industrial sewing techniques", "JO", TrainingMode.IN_PERSON, 50, "sewing machine operator"),
    ("Early childhood care", "JO", TrainingMode.ONLINE, 30, "child care worker"),
    ("Customer service by phone", "PH", TrainingMode.ONLINE, 20, "call centre agent"),
    ("Welding safety and techniques", "PH", TrainingMode.IN_PERSON, 120, "welder"),
    ("Cuisine de base et hygiène", "FR", TrainingMode.IN_PERSON, 70, "cook"),
    ("Aide à domicile : les gestes", "FR", TrainingMode.BLENDED, 35, "home care aide"),
    ("Knitting machine operation", "BD", TrainingMode.IN_PERSON, 45, "knitting machine operator"),
    ("Data entry and spreadsheets", "", TrainingMode.ONLINE, 15, "data entry clerk"),
    ("Warehouse safety and forklifts", "BD", TrainingMode.IN_PERSON, 24, "forklift operator"),
)

# Pay periods and kinds by occupation family (anything else is a monthly job).
GIG_OCCUPATIONS = {
    "car and van delivery driver",
    "market vendor",
    "street food vendor",
    "translator",
    "interpreter",
    "graphic designer",
}
MICROTASK_OCCUPATIONS = {"data entry clerk"}
REMOTE_OCCUPATIONS = {
    "data entry clerk",
    "translator",
    "graphic designer",
    "web developer",
    "software developer",
    "ICT help desk agent",
    "call centre agent",
}


class DemoDataError(Exception):
    pass


def _occupation(label: str) -> Occupation:
    uuid = dict(OCCUPATIONS)[label]
    try:
        return Occupation.objects.get(uri=ESCO_OCCUPATION + uuid)
    except Occupation.DoesNotExist as exc:
        raise DemoDataError(
            f"The ESCO taxonomy is not imported (occupation {label!r} is missing). "
            "Run `kazi taxonomy import`."
        ) from exc


def _skill_ids(occupation: Occupation) -> tuple[list[int], list[int]]:
    essential: list[int] = []
    optional: list[int] = []
    for skill_id, is_essential in (
        OccupationSkill.objects.filter(occupation=occupation)
        .order_by("skill__uri")
        .values_list("skill_id", "essential")
    ):
        (essential if is_essential else optional).append(skill_id)
    return essential, optional


def monthly_minimum(country: str, currency: str) -> Decimal:
    """The statutory monthly minimum in local currency (for setting honest demo pay)."""
    wage = current_minimum(country)
    if wage is None or wage.hourly_amount is None:
        raise DemoDataError(f"No minimum wage for {country}: run `kazi wages import` first.")
    rates = units_per_usd()
    if currency not in rates or wage.currency not in rates:
        raise DemoDataError(f"No exchange rate for {currency}: run `kazi wages import` first.")
    rate = rates[currency] / rates[wage.currency]
    return wage.hourly_amount * rate * wage.workweek_hours * 52 / 12


def _vacancy_plan(
    organisations: list[tuple[DemoCountry, Organisation]],
) -> list[tuple[str, DemoCountry, Organisation]]:
    """Which occupation is advertised where: every occupation once or twice across the five
    countries, plus, for each demo worker, the jobs they look for in their own country (so
    that every demo worker has sensible recommendations)."""
    plan = [
        (label, *organisations[(n * 3) % len(organisations)])
        for n, (label, _uuid) in enumerate(OCCUPATIONS + OCCUPATIONS[:30])
    ]
    for worker in WORKERS:
        country_code, interests = worker[2], worker[7]
        local = [(c, o) for c, o in organisations if c.code == country_code]
        for index, label in enumerate(interests):
            plan.append((label, *local[index % len(local)]))
    return plan


def _round_pay(amount: Decimal) -> Decimal:
    step = Decimal(1000) if amount > 20000 else Decimal(10) if amount > 200 else Decimal("0.5")
    return ((amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) + 1) * step


def _user(slug: str, name: str, role: str, language: str = "en", **extra: object) -> User:
    user = User(
        email=f"{slug}@{DEMO_DOMAIN}", display_name=name, role=role, language=language, **extra
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@transaction.atomic
def load_demo(progress: Callable[[str], None] = lambda _msg: None) -> bool:
    """Load the demo data set; return False when it was already there."""
    if User.objects.filter(email=f"admin@{DEMO_DOMAIN}").exists():
        load_protection_demo()  # idempotent: added to demo sites loaded before it existed
        return False
    rng = random.Random(2026)  # deterministic demo
    today = date.today()
    now = timezone.now()

    admin = _user("admin", "Ada Admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    moderator = _user("moderator", "Musa Moderator", Role.MODERATOR)
    counsellor = _user("counsellor", "Chloé Counsellor", Role.COUNSELLOR, language="fr")
    _user("analyst", "Amina Analyst", Role.ANALYST)
    progress("accounts")

    organisations: list[tuple[DemoCountry, Organisation]] = []
    first_employer: User | None = None
    for country in COUNTRIES:
        for index, (name, kind) in enumerate(country.organisations):
            org = Organisation.objects.create(
                name=name, kind=kind, country=country.code, city=country.city
            )
            slug = (
                "employer"
                if first_employer is None
                else f"employer-{country.code.lower()}{index + 1}"
            )
            member = _user(slug, f"{name} HR", Role.EMPLOYER)
            org.members.add(member)
            first_employer = first_employer or member
            organisations.append((country, org))
    progress("organisations")

    vacancies: list[Vacancy] = []
    statuses = [VacancyStatus.PUBLISHED] * 9 + [VacancyStatus.PENDING]
    for n, (label, country, org) in enumerate(_vacancy_plan(organisations)):
        occupation = _occupation(label)
        essential, optional = _skill_ids(occupation)
        kind = (
            VacancyKind.MICROTASK
            if label in MICROTASK_OCCUPATIONS
            else VacancyKind.GIG
            if label in GIG_OCCUPATIONS
            else VacancyKind.JOB
        )
        monthly = monthly_minimum(country.code, country.currency) * Decimal(
            str(rng.uniform(1.15, 2.2))
        )
        period = {VacancyKind.MICROTASK: "hour", VacancyKind.GIG: "day"}.get(kind, "month")
        divisor = {"hour": Decimal(52 * 48) / 12, "day": Decimal(22), "month": Decimal(1)}[period]
        pay_min = _round_pay(monthly / divisor)
        status = statuses[n % len(statuses)]
        published_at = (
            now - timedelta(days=rng.randint(0, 20)) if status == VacancyStatus.PUBLISHED else None
        )
        vacancy = Vacancy.objects.create(
            organisation=org,
            created_by=org.members.first(),
            kind=kind,
            title=occupation.label("en").split("/")[0].capitalize(),
            occupation=occupation,
            description=occupation.description("en")[:1500] or occupation.label("en"),
            country=country.code,
            city=country.city,
            remote=label in REMOTE_OCCUPATIONS and n % 2 == 0,
            pay_min=pay_min,
            pay_max=_round_pay(pay_min * Decimal("1.3")),
            currency=country.currency,
            pay_period=period,
            contract_type=ContractType.TASK if kind != VacancyKind.JOB else ContractType.PERMANENT,
            hours_per_week=Decimal(40),
            start_date=today + timedelta(days=rng.randint(7, 40)),
            closing_date=today + timedelta(days=rng.randint(20, 60)),
            positions=rng.randint(1, 5),
            languages=["en"]
            if country.code in ("KE", "PH", "BD")
            else ["ar"]
            if country.code == "JO"
            else ["fr"],
            status=status,
            published_at=published_at,
        )
        VacancySkill.objects.bulk_create(
            [VacancySkill(vacancy=vacancy, skill_id=s, essential=True) for s in essential[:6]]
            + [VacancySkill(vacancy=vacancy, skill_id=s, essential=False) for s in optional[:3]]
        )
        VacancyTransition.objects.create(
            vacancy=vacancy,
            from_status="",
            to_status=VacancyStatus.PENDING,
            actor=vacancy.created_by,
            reason="demo data",
        )
        if status == VacancyStatus.PUBLISHED:
            VacancyTransition.objects.create(
                vacancy=vacancy,
                from_status=VacancyStatus.PENDING,
                to_status=VacancyStatus.PUBLISHED,
                actor=moderator,
                reason="demo data",
            )
        vacancies.append(vacancy)
    _apply_pay_checks(vacancies)
    progress(f"{len(vacancies)} vacancies")

    providers = {
        country.code: Organisation.objects.create(
            name=f"{country.city} Skills Centre",
            kind=OrganisationKind.TRAINING,
            country=country.code,
            city=country.city,
        )
        for country in COUNTRIES
    }
    online = Organisation.objects.create(
        name="Open Skills Online", kind=OrganisationKind.TRAINING, country="KE"
    )
    for title, code, mode, hours, label in TRAINING:
        essential, _optional = _skill_ids(_occupation(label))
        offer = TrainingOffer.objects.create(
            provider=providers.get(code, online),
            title=title,
            mode=mode,
            country=code,
            city=providers[code].city if code else "",
            duration_hours=hours,
            description=f"A practical course for people who want to work as {label}.",
        )
        offer.skills.set(essential[:8])
    progress("training offers")

    workers: list[User] = []
    for (
        slug,
        name,
        country_code,
        city,
        origin,
        languages,
        ui_lang,
        interests,
        share,
        story,
    ) in WORKERS:
        worker = _user(slug, name, Role.WORKER, language=ui_lang)
        profile = WorkerProfile.objects.create(
            user=worker,
            country=country_code,
            city=city,
            origin_country=origin,
            languages=languages,
            work_types=["job", "gig", "training"],
            accepts_remote=country_code == "PH",
            availability="now",
            right_to_work="yes",
            summary=story[:200],
        )
        occupations = [_occupation(label) for label in interests]
        profile.occupations.set(occupations)
        essential, optional = _skill_ids(occupations[0])
        chosen = essential[: max(1, int(len(essential) * share))] + optional[:2]
        ProfileSkill.objects.bulk_create(
            [
                ProfileSkill(profile=profile, skill_id=s, added_by=worker)
                for s in dict.fromkeys(chosen)
            ]
        )
        Experience.objects.create(
            profile=profile,
            title=occupations[0].label(ui_lang).split("/")[0],
            description=story,
            place=city,
            paid=True,
            formal=slug in ("rahim", "nusrat", "maria"),
            start_year=today.year - 4,
            end_year=today.year - 1,
            occupation=occupations[0],
        )
        Education.objects.create(
            profile=profile, level="secondary", title="Secondary school", year=today.year - 8
        )
        consents = {p.value: True for p in ConsentPurpose}
        if slug == "claire":
            consents[ConsentPurpose.VISIBLE_TO_EMPLOYERS.value] = False
        record_consents(worker, consents)
        workers.append(worker)
    CounsellorNote.objects.create(
        profile=workers[0].profile,
        author=counsellor,
        text="Met Amina at the Kakuma youth centre; interested in electrical training.",
    )
    progress(f"{len(workers)} workers")

    # One application already moving, so each role has something to see.
    applicant = workers[1]
    wanted = set(applicant.profile.occupations.values_list("pk", flat=True))
    target = next(
        v
        for v in vacancies
        if v.status == VacancyStatus.PUBLISHED
        and v.country == applicant.profile.country
        and v.occupation_id in wanted
    )
    application = Application.objects.create(
        vacancy=target, worker=applicant, message="I can start next week.", submitted_by=applicant
    )
    ApplicationTransition.objects.create(
        application=application,
        from_status="",
        to_status=ApplicationStatus.RECEIVED,
        actor=workers[1],
    )
    del admin
    load_protection_demo()
    progress("protection")
    return True


def load_protection_demo() -> None:
    """The worker-protection demo: an agency registry with reviews, a contract with a worse
    second version, grievances in every state with a legal-aid partner, a saved screening.
    Each part is idempotent."""
    from kazi.contracts.demo import load_demo as load_contracts
    from kazi.grievances.demo import load_demo as load_grievances
    from kazi.recruitment.demo import load_demo as load_recruitment
    from kazi.screening.demo import load_demo as load_screening

    load_recruitment()
    load_contracts()
    load_grievances()
    load_screening()


def _apply_pay_checks(vacancies: list[Vacancy]) -> None:
    """Store the pay check result on each vacancy, as the submit service does."""
    from kazi.wages.services import check_pay

    for vacancy in vacancies:
        result = check_pay(vacancy.country, vacancy.pay_min, vacancy.currency, vacancy.pay_period)
        if result.status == "below_minimum":
            raise DemoDataError(f"Demo pay below the minimum for {vacancy.title}: {result.message}")
        vacancy.pay_check = result.as_dict()
        vacancy.save(update_fields=["pay_check"])


def demo_logins() -> list[tuple[str, str]]:
    return [
        (str(Role.WORKER.label), f"worker@{DEMO_DOMAIN}"),
        (str(Role.EMPLOYER.label), f"employer@{DEMO_DOMAIN}"),
        (str(Role.COUNSELLOR.label), f"counsellor@{DEMO_DOMAIN}"),
        (str(Role.MODERATOR.label), f"moderator@{DEMO_DOMAIN}"),
        (str(Role.ANALYST.label), f"analyst@{DEMO_DOMAIN}"),
        (str(Role.PARTNER.label), f"partner@{DEMO_DOMAIN}"),
        (str(Role.ADMINISTRATOR.label), f"admin@{DEMO_DOMAIN}"),
    ]
