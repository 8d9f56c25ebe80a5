"""Receipt codes: 30 random characters (150 bits) shown once, in six groups of five.

The alphabet is Crockford's base 32: the digits and the capital letters without I, L, O
and U, so nothing on the receipt can be read as something else (I and L look like 1, O
like 0; U is left out so that no code spells a word). Typed back, a code is accepted in
any case, with or without spaces, dashes or line breaks, with digits from any script
(Arabic-Indic, full-width...), full-width letters, and the Cyrillic or Greek capitals that
look like Latin ones (a Russian keyboard); I and L count as 1 and O as 0. Six groups are
the fewest groups of five that reach 128 bits (five give 125): every group more is five
more characters for a frightened person to copy on a phone.

Codes issued before (`LEGACY_DIGITS`: 25 digits, 83 bits) keep working. What is stored is
a slow hash of the *normalised* code, and normalising a string of digits and separators
gives the same digits as the old rule did (digits of any script to ASCII, every
separator dropped); only letters, which old codes never had, are now kept. Their hashes
and the reporter keys wrapped under them are therefore unchanged: nothing is re-hashed.

Only a slow hash is stored: scrypt keyed with the service's receipt pepper (a key file,
not in the database), so a stolen database alone does not let anyone test codes. A check
does the same work for a valid, an expired and an unknown code.

Wrong codes are counted per minute over everyone, without storing who sent them, in one
atomic statement (an upsert that adds one and returns the new count). The code is always
checked first: a valid code opens its case whatever others have tried. Past
`failed_checks_per_minute`, a wrong code is answered 429 "wait a minute" instead of 404,
which slows down whoever is guessing and never the reporter who has the code.
"""

from __future__ import annotations

import secrets
import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from services.common.crypto import passphrase
from services.common.errors import DomainError, Invalid

from .extensions import db
from .models import FailedCheck

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
GROUPS, GROUP = 6, 5
LENGTH = GROUPS * GROUP  # 30 characters x 5 bits = 150 bits
LEGACY_DIGITS = 25  # codes issued until issue 17: 25 decimal digits (83 bits)
# Typed for a character of the alphabet (after upper-casing): Crockford's own look-alikes,
# and the Cyrillic and Greek capitals a keyboard in another script gives for the shape.
LOOK_ALIKES = str.maketrans(
    {
        "I": "1",
        "L": "1",
        "O": "0",
        **dict(zip("АВЕКМНОРСТХ", "ABEKMH0PCTX", strict=True)),  # Cyrillic capitals
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZH1KMN0PTYX", strict=True)),  # Greek capitals
    }
)


class TooManyTries(DomainError):
    status = 429


TOO_MANY = "Too many wrong codes have been tried; wait a minute and try again."


def new_code() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return " ".join(symbols[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def _symbol(ch: str) -> str:
    """One typed character as a symbol of the alphabet, or "" for anything else."""
    digit = unicodedata.decimal(ch, None)
    if digit is not None:  # any script's digits, exactly as before issue 17
        return str(digit)
    # Digits come only from the line above: a superscript ² or a circled ① was never one.
    letter = unicodedata.normalize("NFKC", ch).upper()
    if len(letter) != 1 or not letter.isalpha():
        return ""
    letter = letter.translate(LOOK_ALIKES)
    return letter if letter in ALPHABET else ""


def normalise(code: str) -> str:
    """The code's symbols, whatever was typed around them: spaces, dashes, dots, line
    breaks from a wrapped copy, bidirectional marks, any case, digits typed on an Arabic,
    Persian, Devanagari or full-width (Chinese) keyboard, look-alike letters.

    A legacy code (digits only) normalises exactly as it did when it was issued."""
    return "".join(_symbol(ch) for ch in code)


def well_formed(symbols: str) -> bool:
    """A normalised code of today's length, or a legacy code of 25 digits."""
    return len(symbols) == LENGTH or (len(symbols) == LEGACY_DIGITS and symbols.isdigit())


def code_hash(code: str, pepper: str) -> str:
    return passphrase.slow_hash(normalise(code), bytes.fromhex(pepper) or b"\0").hex()


def check_form(code: str) -> str:
    """The normalised code; 422 for something that cannot be a code at all (a missing
    group, a cut copy), told at once without a try that counts against anyone."""
    symbols = normalise(code)
    if not well_formed(symbols):
        raise Invalid(
            f"A receipt code has {LENGTH} characters in {GROUPS} groups of {GROUP}.",
            errors={"code": ["Not a receipt code."]},
        )
    return symbols


def count_failure(now: datetime) -> int:
    """Count one wrong code in this minute, atomically; the minute's count after it.

    A single INSERT … ON CONFLICT DO UPDATE SET count = count + 1 … RETURNING: no read
    then write, so concurrent failures (threads, processes, replicas) are all counted,
    on SQLite and on PostgreSQL alike. Committed at once, on its own."""
    minute = now.strftime("%Y%m%d%H%M")
    table = FailedCheck.__table__
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    insert = postgresql_insert if postgresql else sqlite_insert
    statement = insert(table).values(minute=minute, count=1)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.minute], set_={"count": table.c.count + 1}
    ).returning(table.c.count)
    count = db.session.execute(statement).scalar_one()
    hour_ago = (now - timedelta(hours=1)).strftime("%Y%m%d%H%M")
    db.session.execute(delete(FailedCheck).where(FailedCheck.minute < hour_ago))
    db.session.commit()
    return count
