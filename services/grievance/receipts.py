"""Receipt codes: 25 random digits (83 bits) shown once, in five groups of five.

Only a slow hash is stored: scrypt keyed with the service's receipt pepper (a key file,
not in the database), so a stolen database alone does not let anyone test codes. A
check does the same work for a valid, an expired and an unknown code. Wrong codes are
counted per minute over everyone, without storing who sent them; past the limit, every
check waits for the next minute.
"""

from __future__ import annotations

import secrets
import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import delete

from services.common.crypto import passphrase
from services.common.errors import DomainError

from .extensions import db
from .models import FailedCheck

DIGITS = 25
GROUP = 5


class TooManyTries(DomainError):
    status = 429


def new_code() -> str:
    digits = "".join(secrets.choice("0123456789") for _ in range(DIGITS))
    return " ".join(digits[i : i + GROUP] for i in range(0, DIGITS, GROUP))


def normalise(code: str) -> str:
    """The code's digits as ASCII, whatever was typed around them: spaces, dashes, dots,
    line breaks from a wrapped copy, bidirectional marks, any case, and digits typed on
    an Arabic, Persian, Devanagari or full-width (Chinese) keyboard."""
    digits = (unicodedata.decimal(ch, None) for ch in code)
    return "".join(str(d) for d in digits if d is not None)


def code_hash(code: str, pepper: str) -> str:
    return passphrase.slow_hash(normalise(code), bytes.fromhex(pepper) or b"\0").hex()


def refuse_if_flooded(limit: int, now: datetime) -> None:
    row = db.session.get(FailedCheck, now.strftime("%Y%m%d%H%M"))
    if row is not None and row.count >= limit:
        raise TooManyTries("Too many wrong codes have been tried; wait a minute and try again.")


def count_failure(now: datetime) -> None:
    minute = now.strftime("%Y%m%d%H%M")
    row = db.session.get(FailedCheck, minute)
    if row is None:
        db.session.add(FailedCheck(minute=minute, count=1))
    else:
        row.count += 1
    hour_ago = (now - timedelta(hours=1)).strftime("%Y%m%d%H%M")
    db.session.execute(delete(FailedCheck).where(FailedCheck.minute < hour_ago))
    db.session.commit()
