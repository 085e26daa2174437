"""Case codes and PINs for grievances (framework-free: no Django import).

A case code is 60 random bits from ``secrets`` written in Crockford's base32 (digits and
capital letters without I, L, O and U, so that nothing is mistaken for another sign), in
three groups of four after a ``KZ-`` prefix: ``KZ-7QX4-M2P9-H3TD``. It says nothing about
the case (not its number, not its date) and cannot be guessed or enumerated. The PIN is six
random digits; only its hash is stored.

People type codes back from paper or an SMS: lower case, spaces, dashes, dots, the missing
prefix, and the letters O, I and L (read as 0, 1 and 1) are all accepted.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
PREFIX = "KZ"
GROUPS = 3
GROUP_SIZE = 4
BODY_LENGTH = GROUPS * GROUP_SIZE  # 12 symbols x 5 bits = 60 bits
PIN_LENGTH = 6
# What people write instead of the symbol we mean.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.·/]+")


def format_code(body: str) -> str:
    """``7QX4M2P9H3TD`` → ``KZ-7QX4-M2P9-H3TD``."""
    groups = [body[i : i + GROUP_SIZE] for i in range(0, BODY_LENGTH, GROUP_SIZE)]
    return "-".join([PREFIX, *groups])


def new_case_code() -> str:
    """A fresh random case code (the caller checks it is not already taken)."""
    return format_code("".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH)))


def normalise_code(text: str) -> str | None:
    """The canonical form of a code as someone typed it, or None when it cannot be one."""
    compact = _SEPARATORS.sub("", text or "").upper()
    if len(compact) == BODY_LENGTH + len(PREFIX) and compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    compact = compact.translate(_READ_AS)
    if len(compact) != BODY_LENGTH or any(ch not in ALPHABET for ch in compact):
        return None
    return format_code(compact)


def new_pin() -> str:
    """Six random digits (leading zeros kept)."""
    return "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))


def normalise_pin(text: str) -> str:
    """The PIN without the spaces people put in it."""
    return _SEPARATORS.sub("", text or "")
