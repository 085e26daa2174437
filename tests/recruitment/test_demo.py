"""The demo registry and reviews load through the real importer, once."""

from __future__ import annotations

import pytest

from kazi.accounts.constants import OrganisationKind, Role
from kazi.accounts.models import Organisation
from kazi.recruitment import selectors
from kazi.recruitment.constants import ReviewStatus
from kazi.recruitment.demo import AUTHORITY, load_demo
from kazi.recruitment.models import Agency, LicenceList, Review
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_demo_loads_lists_reviews_and_a_reply_idempotently():
    employer = make_user(Role.EMPLOYER, email="employer@kazi.demo")
    org = Organisation.objects.create(
        name="Savannah Staffing Services", kind=OrganisationKind.AGENCY, country="KE"
    )
    org.members.add(employer)
    make_user(Role.WORKER, email="worker@kazi.demo")
    make_user(Role.MODERATOR, email="moderator@kazi.demo")
    load_demo()
    load_demo()
    assert LicenceList.objects.filter(authority=AUTHORITY).count() == 2
    savannah = Agency.objects.get(organisation=org)
    assert selectors.licence_verdict(org, "SA").state == "valid"
    assert selectors.public_reviews_of(savannah).count() == 6
    assert selectors.fees_of(savannah).overall.flagged
    assert Review.objects.filter(agency=savannah, reply__isnull=False).count() == 1
    himal = Agency.objects.get(licence_number="DEMO-101/079")
    assert selectors.public_reviews_of(himal).count() == 2
    waiting = Review.objects.get(status=ReviewStatus.AWAITING_MODERATION)
    assert {"phone"} <= {f["kind"] for f in waiting.screening_flags}
    assert Agency.objects.get(licence_number="DEMO-106/075").effective_status() == "expired"
