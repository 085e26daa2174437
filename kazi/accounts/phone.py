"""Mobile numbers in E.164 form, validated with the phonenumbers library."""

from __future__ import annotations

import phonenumbers


def normalise_phone(raw: str, region: str | None = None) -> str | None:
    """Return the E.164 form of ``raw`` (e.g. ``+254712345678``) or ``None`` if invalid."""
    text = raw.strip()
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
