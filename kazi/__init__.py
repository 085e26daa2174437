"""Kazi: an open platform that connects people to decent work and protects them on the way."""

import os

# One math thread per process unless the deployer says otherwise: the skills core does
# many small matrix products, for which extra BLAS/OpenMP threads only fight over the
# cores with the other web workers and processes (with two threads on a busy 2-core
# machine e5 ran seven times slower: docs/research/embedding-models.md).
# Set before numpy is imported anywhere in Kazi.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the translation catalogues without translating it now.

    (Django's own gettext_noop needs configured settings; this package is imported
    before that. `makemessages` recognises the name.)
    """
    return message


# Shown wherever ESCO content appears (ESCO reuse terms): pages show it in the interface
# language, the API in English.
ESCO_CREDIT = gettext_noop("This service uses the ESCO classification of the European Commission.")
