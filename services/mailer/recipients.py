"""What one address may receive: nothing once it is suppressed, and at most
`recipient_daily_limit` a day of the mails anyone can cause by typing it into a form.

Anyone may type anyone's address into a public form: as their own on the registration
form, as a focal point, guardian or nominee, into "send me my link", or into the
newsletter form. The mails those forms cause (`UNSOLICITED`) are counted per address and
per day, keyed by the address's blind index (never the address), in one statement that
only one writer can win::

    INSERT INTO recipient_days (email_index, day, count) VALUES (:i, :d, 1)
    ON CONFLICT (email_index, day) DO UPDATE SET count = count + 1 WHERE count < :limit
    RETURNING count

A row comes back only when the mail may go: two processes queuing for one address at
once cannot both take the last place. Rows older than yesterday are purged by the worker.

Each of those mails also carries a one-click "never mail me again" link (RFC 8058
`List-Unsubscribe-Post` too): a link token that names the address's blind index only.
Following it suppresses the address for every mail, transactional or not; the same link
lifts that suppression again (the holder of the mailbox asked for it, and only they hold
the link).
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from services.common.crypto import CryptoError, tokens
from services.common.db import utcnow
from services.common.errors import NotFound

from . import contacts
from .extensions import db
from .models import Contact, RecipientDay, Suppression

# The mails a stranger can cause by typing an address into a public form.
UNSOLICITED = frozenset(
    {
        "registration_confirmation",
        "registration_link",
        "nomination_request",
        "authorisation_request",
        "guardian_consent_request",
        "subscription_confirmation",
    }
)
NEVER = "never_mail"
# Suppressions that stop every mail. "unsubscribe" (from every list) and "erased" (from
# the outreach lists) are about newsletters: a registrant still hears about their
# registration, and may subscribe again by confirming.
BLOCKING = frozenset({"bounce", "complaint", NEVER})
NEVER_PURPOSE = b"mailer-never-mail"
_INDEX_BYTES = 32  # an e-mail blind index: HMAC-SHA256, hex in the database


def blocked(index: str) -> bool:
    """Whether the address (by blind index) must get no mail at all."""
    suppression = db.session.get(Suppression, index)
    return suppression is not None and suppression.reason in BLOCKING


def withheld(template: str, to: str) -> str | None:
    """Why a mail to `to` must not go ("suppressed", "daily_limit"), or None.

    Counts the mail against the address's day when it is one of `UNSOLICITED`: call it
    once per mail, in the transaction that queues it."""
    index = contacts.email_index(to)
    if blocked(index):
        return "suppressed"
    if template in UNSOLICITED and not take(index):
        return "daily_limit"
    return None


def take(index: str, limit: int | None = None) -> bool:
    """Count one more mail to the address today; False (and nothing counted) at the limit."""
    if limit is None:
        limit = current_app.extensions["convene_config"].recipient_daily_limit
    if limit <= 0:
        return False
    table = RecipientDay.__table__
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(table)
        .values(email_index=index, day=utcnow().date(), count=1)
        .on_conflict_do_update(
            index_elements=[table.c.email_index, table.c.day],
            set_={"count": table.c.count + 1},
            where=table.c.count < limit,
        )
        .returning(table.c.count)
    )
    return db.session.execute(statement).first() is not None


def purge() -> int:
    """Forget the counts of days before yesterday (the limit is per day)."""
    before = utcnow().date() - timedelta(days=1)
    gone = db.session.execute(delete(RecipientDay).where(RecipientDay.day < before)).rowcount
    db.session.commit()
    return gone


def _key() -> bytes:
    return current_app.extensions["convene_index"].derive_key(NEVER_PURPOSE)


def never_mail_token(to: str) -> str:
    """A link token naming the address's blind index (it does not expire)."""
    return tokens.sign(_key(), bytes.fromhex(contacts.email_index(to)))


def never_mail_url(to: str, language: str) -> str:
    """The website's "never mail me again" page for `to`, in the reader's language."""
    base = current_app.extensions["convene_config"].public_url.rstrip("/")
    language = (language or "en").lower()
    prefix = "" if language == "en" else f"/{language}"
    return f"{base}{prefix}/mail/never/{never_mail_token(to)}/"


def _index_of(token: str) -> str:
    try:
        return tokens.verify(_key(), token, _INDEX_BYTES).hex()
    except CryptoError:
        raise NotFound("This link is not valid.") from None


def never_mail(token: str, suppress: bool = True) -> str:
    """Suppress the token's address for every mail, or (`suppress=False`) lift that
    suppression; returns the address's state. The caller commits."""
    index = _index_of(token)
    suppression = db.session.get(Suppression, index)
    if not suppress:
        if suppression is not None and suppression.reason == NEVER:
            db.session.delete(suppression)
        return "suppressed" if suppression is not None and suppression.reason != NEVER else "open"
    if suppression is None:
        db.session.add(Suppression(email_index=index, reason=NEVER))
    elif suppression.reason not in BLOCKING:  # e.g. "unsubscribe": now from everything
        suppression.reason = NEVER
    db.session.flush()
    contact = db.session.query(Contact).filter_by(email_index=index).one_or_none()
    if contact is not None:
        contacts.suppress(contact, NEVER)  # its newsletters stop too
    return "suppressed"
