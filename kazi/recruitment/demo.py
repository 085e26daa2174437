"""Demo registry and reviews: two small fictional licence lists (Nepal and Kenya, authority
"Demo licensing authority (fictional)") imported through the real importer; the demo
employer's agency (Savannah Staffing Services, Kenya) linked to its registry entry, with six
published reviews (details shown, fees flagged) and a reply; two reviews of a Nepali
agency; one review of the demo worker waiting for the moderator, with a phone number the
automatic checks flag.

Idempotent: does nothing when the demo lists are already loaded.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from kazi.accounts.constants import OrganisationKind, Role
from kazi.accounts.models import Organisation, User

from . import services
from .constants import ReviewStatus
from .importer import import_licence_list
from .models import Agency, LicenceList, Review, ReviewReply

AUTHORITY = "Demo licensing authority (fictional)"
FIXTURES = Path(__file__).parent / "fixtures"
SAVANNAH = "Savannah Staffing Services"
SAVANNAH_LICENCE = "NEA/DEMO/001"

# (overall, honesty, treatment, destination, fees, currency, paid to, story)
SAVANNAH_REVIEWS: list[tuple[int, int, int, str, str, str, str, str]] = [
    (
        4,
        4,
        5,
        "SA",
        "0",
        "",
        "nobody",
        "They explained the contract in Swahili before I left and the employer paid my ticket.",
    ),
    (
        2,
        1,
        2,
        "QA",
        "45000",
        "KES",
        "sub_agent",
        "A broker in my town asked for money for the medical test and the visa. The agency "
        "said it was not them.",
    ),
    (
        3,
        3,
        3,
        "SA",
        "30000",
        "KES",
        "agency",
        "The job was as promised but I paid a 'processing fee' at the office.",
    ),
    (
        5,
        5,
        4,
        "AE",
        "0",
        "",
        "nobody",
        "Good orientation, they answered the phone when I had a problem with my employer.",
    ),
    (4, 3, 4, "QA", "0", "", "nobody", ""),
    (
        1,
        1,
        2,
        "SA",
        "60000",
        "KES",
        "agency",
        "The pay was lower than the contract and they kept my passport until departure.",
    ),
]
NEPAL_REVIEWS: list[tuple[int, int, int, str, str, str, str, str]] = [
    (4, 4, 4, "MY", "0", "", "nobody", "No fees, the factory paid everything."),
    (
        2,
        2,
        3,
        "QA",
        "150000",
        "NPR",
        "agency",
        "I paid for the visa and the ticket, which should be free.",
    ),
]


def _worker(slug: str, name: str, language: str = "en") -> User:
    from kazi.demo.loader import DEMO_DOMAIN, DEMO_PASSWORD

    user, created = User.objects.get_or_create(
        email=f"{slug}@{DEMO_DOMAIN}",
        defaults={"display_name": name, "role": Role.WORKER, "language": language},
    )
    if created:
        user.password = make_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _answers(
    row: tuple[int, int, int, str, str, str, str, str], origin: str, n: int
) -> services.ReviewInput:
    overall, honesty, treatment, destination, fees, currency, paid_to, story = row
    good = overall >= 4
    return services.ReviewInput(
        used_from=date(2021 + n % 3, 1 + n, 10),
        used_until=date(2023 + n % 2, 2 + n, 1),
        origin_country=origin,
        destination_country=destination,
        contract_before_departure="yes" if good else "no",
        contract_in_my_language="yes" if good else "partly",
        documents_kept="no" if good else "yes",
        job_as_promised="yes" if overall >= 3 else "no",
        pay_as_promised="yes" if good else "no",
        orientation="yes" if good else "not_sure",
        rating_overall=overall,
        rating_honesty=honesty,
        rating_treatment=treatment,
        fees_amount=Decimal(fees),
        fees_currency=currency,
        fees_paid_to=paid_to,
        fees_for="visa, medical test" if fees != "0" else "",
        story=story,
    )


def _publish(
    target: Agency,
    rows: list[tuple[int, int, int, str, str, str, str, str]],
    origin: str,
    slug: str,
    moderator: User,
) -> list[Review]:
    reviews = []
    now = timezone.now()
    for n, row in enumerate(rows):
        author = _worker(f"{slug}{n + 1}", f"Demo reviewer {slug} {n + 1}")
        review = services.submit_review(author, target, _answers(row, origin, n))
        review = services.moderate_review(moderator, review, approve=True)
        # Spread publication over past months, as if approved over time.
        Review.objects.filter(pk=review.pk).update(
            status=ReviewStatus.PUBLISHED, publish_at=now - timedelta(days=20 + 23 * n)
        )
        reviews.append(review)
    return reviews


@transaction.atomic
def load_demo() -> None:
    if LicenceList.objects.filter(authority=AUTHORITY).exists():
        return
    today = timezone.localdate()
    savannah = Organisation.objects.filter(name=SAVANNAH, kind=OrganisationKind.AGENCY).first()
    if savannah is None:
        savannah = Organisation.objects.create(
            name=SAVANNAH, kind=OrganisationKind.AGENCY, country="KE", city="Nairobi"
        )
    if savannah.licence_number != SAVANNAH_LICENCE:
        savannah.licence_number = SAVANNAH_LICENCE
        savannah.save(update_fields=["licence_number"])
    for country, name in (("NP", "demo_licences_np.csv"), ("KE", "demo_licences_ke.csv")):
        path = FIXTURES / name
        import_licence_list(
            path.read_bytes(),
            file_name=name,
            country=country,
            authority=AUTHORITY,
            published_on=today - timedelta(days=20),
            source_url="",
            mapping="np" if country == "NP" else "generic",
        )
    from kazi.demo.loader import DEMO_DOMAIN

    moderator = User.objects.filter(
        email=f"moderator@{DEMO_DOMAIN}"
    ).first() or User.objects.create(
        email=f"review-moderator@{DEMO_DOMAIN}",
        display_name="Demo review moderator",
        role=Role.MODERATOR,
        password=make_password(None),
    )
    savannah_entry = Agency.objects.get(country="KE", licence_key="NEA DEMO 1")
    reviews = _publish(savannah_entry, SAVANNAH_REVIEWS, "KE", "reviewer-ke", moderator)
    replier = savannah.members.first()
    ReviewReply.objects.create(
        review=reviews[5],
        author=replier,
        text="We are sorry. Passports must stay with the worker; please call our office so "
        "that we can look into the pay with the employer.",
    )
    himal = Agency.objects.get(country="NP", licence_number="DEMO-101/079")
    _publish(himal, NEPAL_REVIEWS, "NP", "reviewer-np", moderator)
    worker = User.objects.filter(email=f"worker@{DEMO_DOMAIN}", role=Role.WORKER).first()
    if worker is not None:
        services.submit_review(
            worker,
            savannah_entry,
            _answers(
                (
                    3,
                    2,
                    3,
                    "QA",
                    "0",
                    "",
                    "nobody",
                    "The officer gave me his number +254 712 345678 and asked me to pay him "
                    "directly.",
                ),
                "KE",
                1,
            ),
        )
