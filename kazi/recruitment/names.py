"""Keys for comparing agency names and licence numbers, in any script.

Framework-free (no Django import). ``name_key`` is what fuzzy search and matching compare:

- NFKC (full-width letters, ligatures and compatibility forms become plain letters), then
  case folding;
- accents are removed from Latin letters only (``Société`` → ``societe``); the vowel signs
  of Devanagari, Bengali, Thai... are letters in their own right and are kept;
- Arabic: short-vowel marks (harakat) and the tatweel are dropped and the forms of alef
  (أ إ آ ٱ) become ا, ى becomes ي, so that a name typed without marks still matches;
- dots inside abbreviations go (``L.L.C.`` → ``llc``), other punctuation becomes a space,
  ``&`` reads as "and"; common company words (pvt, ltd, private, limited, inc, co, sarl,
  llc, wll, establishment, ...) are dropped; spaces are collapsed.

``licence_key`` keeps the letters and digits of a licence number, upper-case, without a
leading label ("Lic. No.") and without leading zeros: ``Lic. No. 0123/075`` and ``123-75``
both give ``123 75``.
"""

from __future__ import annotations

import re
import unicodedata

# Company words that say nothing about which agency it is (after folding).
COMPANY_WORDS = frozenset(
    {
        "pvt",
        "pvtltd",
        "private",
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "co",
        "corp",
        "corporation",
        "company",
        "llc",
        "plc",
        "sarl",
        "sa",
        "sas",
        "gmbh",
        "bv",
        "pty",
        "est",  # Gulf: establishment
        "establishment",
        "wll",  # Gulf: with limited liability
        "fze",
        "fzco",
        "the",
        "प्रा",  # Nepali: pvt.
        "लि",  # Nepali: ltd.
        "شركة",  # Arabic: company
    }
)

# A dot between two letters of an abbreviation: "L.L.C." reads as "llc".
_DOTTED = re.compile(r"(?<=\w)\.(?=\w)")
_ARABIC_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ـ": ""})
# Licence numbers: labels people put in front of the number.
_LICENCE_PREFIX = re.compile(r"^(?:lic(?:en[cs]e)?|licen[cs]e|no|number|n°|nº|num|#)+", re.I)


def _is_latin(char: str) -> bool:
    try:
        return "LATIN" in unicodedata.name(char)
    except ValueError:
        return False


def _is_arabic(char: str) -> bool:
    try:
        return unicodedata.name(char).startswith("ARABIC")
    except ValueError:
        return False


def fold_text(text: str) -> str:
    """NFKC, case-folded, accents removed from Latin letters and harakat from Arabic ones;
    other scripts' combining signs kept. Punctuation is kept (see :func:`name_key`)."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    out: list[str] = []
    base = ""
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.category(char) == "Mn":
            if _is_latin(base) or _is_arabic(char):
                continue  # an accent on a Latin letter, or an Arabic short-vowel mark
        else:
            base = char
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out)).translate(_ARABIC_ALEF)


def _words(text: str) -> list[str]:
    """Runs of letters, digits and combining signs (a Devanagari word keeps its signs)."""
    words: list[str] = []
    current: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LN" or category in ("Mn", "Mc"):
            current.append(char)
        elif char in "&+":
            if current:
                words.append("".join(current))
                current = []
            words.append("and")
        else:
            if current:
                words.append("".join(current))
                current = []
    if current:
        words.append("".join(current))
    return words


def name_key(name: str) -> str:
    """The comparable form of an agency or employer name (see the module docstring)."""
    words = _words(_DOTTED.sub("", fold_text(name)))
    kept = [w for w in words if w not in COMPANY_WORDS]
    while kept and kept[-1] == "and":  # "Manpower & Co."
        kept.pop()
    return " ".join(kept or words)


def licence_key(number: str) -> str:
    """A licence number reduced to letters and digits (any script's digits become 0-9),
    upper-case, label and leading zeros removed: ``"Lic. No. 0123/075"`` → ``"123 75"``."""
    folded = fold_text(str(number or "")).strip()
    folded = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in folded)
    folded = _LICENCE_PREFIX.sub("", folded.replace(".", "").replace(" ", ""), count=1)
    parts = [p for p in re.split(r"[^0-9a-z\u0080-\uffff]+", folded) if p]
    parts = [p.lstrip("0") or "0" if p.isdigit() else p for p in parts]
    return " ".join(parts).upper()
