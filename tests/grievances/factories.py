"""Builders for grievance tests."""

from __future__ import annotations

import io
import itertools
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from kazi.accounts.constants import OrganisationKind, Role
from kazi.accounts.models import Organisation, User
from kazi.grievances import services
from kazi.grievances.constants import Category
from kazi.recruitment.constants import LicenceStatus
from kazi.recruitment.models import Agency, LicenceList
from tests.factories import make_user

_seq = itertools.count(1)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def pdf(name: str = "payslip.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def raw(content: bytes, name: str = "proof.pdf") -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


def new_grievance(**extra: Any) -> services.NewGrievance:
    values: dict[str, Any] = {
        "category": Category.UNPAID_WAGES,
        "country": "QA",
        "origin_country": "NP",
        "description": "They have not paid me for three months.",
        "employer_name": "Gulf Build Co",
    }
    values.update(extra)
    return services.NewGrievance(**values)


def file_case(user: User | None = None, **extra: Any) -> services.Filed:
    anonymous = extra.pop("anonymous", False)
    files = extra.pop("files", ())
    now = extra.pop("now", None)
    return services.file_grievance(
        new_grievance(**extra), user=user, anonymous=anonymous, files=files, now=now
    )


def make_partner(
    kind: str = OrganisationKind.LEGAL_AID, name: str = ""
) -> tuple[User, Organisation]:
    n = next(_seq)
    org = Organisation.objects.create(name=name or f"Legal Aid {n}", kind=kind, country="QA")
    user = make_user(Role.PARTNER)
    org.members.add(user)
    return user, org


def make_agency(name: str = "Himalaya Manpower", licence: str = "NP-1234") -> Agency:
    listing = LicenceList.objects.get_or_create(
        country="NP",
        authority="Department of Foreign Employment",
        published_on=date(2026, 1, 1),
        defaults={"mapping": "np", "file_name": "np.csv", "file_sha256": "0" * 64},
    )[0]
    return Agency.objects.create(
        country="NP",
        name=name,
        name_key=name.lower(),
        licence_number=licence,
        licence_key=licence.lower(),
        status=LicenceStatus.VALID,
        licence_list=listing,
    )
