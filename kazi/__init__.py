"""Kazi: an open platform that connects people to decent work and protects them on the way."""


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the translation catalogues without translating it now.

    (Django's own gettext_noop needs configured settings; this package is imported
    before that. `makemessages` recognises the name.)
    """
    return message


# Shown wherever ESCO content appears (ESCO reuse terms): pages show it in the interface
# language, the API in English.
ESCO_CREDIT = gettext_noop("This service uses the ESCO classification of the European Commission.")
