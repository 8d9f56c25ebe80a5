"""Receipt codes as the reporter types them back, read the way the grievance service reads
them (`services/grievance/receipts.py`; a test checks both agree): six groups of five
symbols of Crockford's base 32 (digits and capitals without I, L, O, U), in any case, with
or without separators, digits of any script, full-width letters and Cyrillic or Greek
look-alikes; I and L count as 1, O as 0. Codes issued before issue 17 have 25 digits and
still work. The plugin cannot import the service, hence this copy of the rule."""

from __future__ import annotations

import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP = 6, 5
LENGTH = GROUPS * GROUP
LEGACY_DIGITS = 25
LOOK_ALIKES = str.maketrans(
    {
        "I": "1",
        "L": "1",
        "O": "0",
        **dict(zip("АВЕКМНОРСТХ", "ABEKMH0PCTX", strict=True)),  # Cyrillic capitals
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZH1KMN0PTYX", strict=True)),  # Greek capitals
    }
)


def _symbol(ch: str) -> str:
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    letter = unicodedata.normalize("NFKC", ch).upper()
    if len(letter) != 1 or not letter.isalpha():
        return ""
    letter = letter.translate(LOOK_ALIKES)
    return letter if letter in ALPHABET else ""


def normalise(code: str) -> str:
    """The code's symbols as ASCII capitals and digits, everything else dropped."""
    return "".join(_symbol(ch) for ch in code)


def grouped(code: str) -> str | None:
    """The code in groups of five as the receipt showed it, or None if it cannot be one
    (today's 30 symbols, or a legacy code of 25 digits)."""
    symbols = normalise(code)
    if len(symbols) == LENGTH or (len(symbols) == LEGACY_DIGITS and symbols.isdigit()):
        return " ".join(symbols[i : i + GROUP] for i in range(0, len(symbols), GROUP))
    return None
