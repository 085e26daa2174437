"""Builders for recruitment tests: licence lists, agencies and reviews."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kazi.accounts.constants import OrganisationKind, Role
from kazi.accounts.models import Organisation, User
from kazi.recruitment.constants import FeePaidTo, ReviewStatus, YesNo
from kazi.recruitment.models import Agency, LicenceList, Review
from kazi.recruitment.names import licence_key, name_key
from kazi.recruitment.services import new_pseudonym, new_public_id
from tests.factories import make_user

_seq = itertools.count(1)


def make_list(country: str = "NP", published_on: date | None = None) -> LicenceList:
    return LicenceList.objects.create(
        country=country,
        authority="Test authority",
        published_on=published_on or date(2026, 10, 1),
        mapping="generic",
        file_name="test.csv",
        file_sha256="0" * 64,
    )


def make_agency(
    name: str = "",
    *,
    country: str = "NP",
    number: str = "",
    status: str = "valid",
    licence_list: LicenceList | None = None,
    organisation: Organisation | None = None,
    **extra: Any,
) -> Agency:
    n = next(_seq)
    name = name or f"Agency {n} Overseas"
    number = number or f"{1000 + n}/075"
    return Agency.objects.create(
        country=country,
        name=name,
        name_key=name_key(name),
        licence_number=number,
        licence_key=licence_key(number),
        status=status,
        licence_list=licence_list or make_list(country),
        organisation=organisation,
        **extra,
    )


def make_agency_org(
    country: str = "NP", number: str = "", name: str = ""
) -> tuple[User, Organisation]:
    user = make_user(Role.EMPLOYER)
    org = Organisation.objects.create(
        name=name or f"Agency org {user.pk}",
        kind=OrganisationKind.AGENCY,
        country=country,
        licence_number=number,
    )
    org.members.add(user)
    return user, org


def make_review(
    target: Agency | Organisation,
    author: User | None = None,
    *,
    status: str = ReviewStatus.PUBLISHED,
    publish_at: Any = None,
    overall: int = 4,
    fees: str = "0",
    currency: str = "",
    paid_to: str = FeePaidTo.NOBODY,
    story: str = "",
    origin: str = "NP",
    destination: str = "QA",
) -> Review:
    author = author or make_user(Role.WORKER)
    key = "agency" if isinstance(target, Agency) else "employer"
    if publish_at is None and status in (ReviewStatus.PUBLISHED, ReviewStatus.SCHEDULED):
        publish_at = timezone.now() - timedelta(days=1)
    return Review.objects.create(
        author=author,
        **{key: target},
        public_id=new_public_id(),
        pseudonym=new_pseudonym(),
        used_from=date(2022, 3, 14),
        used_until=date(2024, 7, 2),
        origin_country=origin,
        destination_country=destination,
        fees_amount=Decimal(fees),
        fees_currency=currency,
        fees_paid_to=paid_to,
        contract_before_departure=YesNo.YES,
        contract_in_my_language=YesNo.NO,
        documents_kept=YesNo.NO,
        job_as_promised=YesNo.YES,
        pay_as_promised=YesNo.PARTLY,
        orientation=YesNo.YES,
        rating_overall=overall,
        rating_honesty=overall,
        rating_treatment=overall,
        story=story,
        status=status,
        publish_at=publish_at,
    )
