"""Public subscription with double opt-in, and one-click unsubscribe (RFC 8058).

Asking again for an address that is waiting to confirm sends nothing new until
`confirmation_resend_hours` after the last confirmation (the earlier link keeps working),
and an address suppressed for every mail (`recipients.BLOCKING`) gets no confirmation at
all: the form cannot be used to mail-bomb someone else's address.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from services.common.crypto import CryptoError, tokens
from services.common.db import utcnow
from services.common.errors import NotFound

from . import contacts, recipients
from .extensions import db
from .models import PENDING, SUBSCRIBED, UNSUBSCRIBED, Contact, Subscription, Suppression

UNSUBSCRIBE_PURPOSE = b"mailer-unsubscribe"
_UNSUBSCRIBE_BODY = 20  # contact id (16 bytes), list id (u32)


def _token_key() -> bytes:
    return current_app.extensions["convene_index"].derive_key(UNSUBSCRIBE_PURPOSE)


def unsubscribe_token(contact_id: uuid.UUID, list_id: int, key: bytes | None = None) -> str:
    """A one-click unsubscribe token for one subscription (it does not expire)."""
    return tokens.sign(key or _token_key(), contact_id.bytes + list_id.to_bytes(4, "big"))


def read_unsubscribe_token(token: str) -> tuple[uuid.UUID, int]:
    try:
        body = tokens.verify(_token_key(), token, _UNSUBSCRIBE_BODY)
    except CryptoError:
        raise NotFound("This unsubscribe link is not valid.") from None
    return uuid.UUID(bytes=body[:16]), int.from_bytes(body[16:], "big")


def subscribe(
    data: dict, source_kind: str = "self", source_name: str = "website"
) -> tuple[Subscription | None, str | None]:
    """Start a double opt-in; returns the subscription and the token to e-mail (or None
    when no confirmation is due). For a suppressed address nothing is recorded: (None, None).

    `source_kind` records who supplied the address: the person on the website, or the
    registration form where they asked to receive updates."""
    mailing_list = contacts.get_list(data["list"])
    if mailing_list is None:
        raise NotFound("There is no such list.")
    if recipients.blocked(contacts.email_index(data["email"])):
        return None, None
    contact = contacts.find_contact(data["email"])
    if contact is None:
        contact = contacts.new_contact(
            data["email"],
            data.get("name"),
            preferred_language=data["language"],
            country=data.get("country", ""),
        )
        db.session.add(contact)
        db.session.flush()
    sub = db.session.scalar(
        select(Subscription).where(
            Subscription.contact_id == contact.id, Subscription.list_id == mailing_list.id
        )
    )
    if sub is not None and sub.status == SUBSCRIBED:
        return sub, None
    now = utcnow()
    resend = timedelta(hours=current_app.extensions["convene_config"].confirmation_resend_hours)
    if (
        sub is not None
        and sub.status == PENDING
        and sub.confirmation_sent_at is not None
        and now - sub.confirmation_sent_at < resend
    ):
        # Waiting to confirm, and told recently: the link already sent still works.
        contacts.add_provenance(
            contact.id, mailing_list.id, source_kind, source_name, "double opt-in"
        )
        return sub, None
    token, digest = tokens.new_bearer()
    if sub is None:
        sub = Subscription(contact_id=contact.id, list_id=mailing_list.id)
        db.session.add(sub)
    # A person may subscribe again after unsubscribing, but only by confirming again.
    sub.status = PENDING
    sub.consent_basis = "double opt-in"
    sub.confirm_token_hash = digest
    sub.confirmation_sent_at = now
    contacts.add_provenance(contact.id, mailing_list.id, source_kind, source_name, "double opt-in")
    return sub, token


def confirm(token: str) -> Subscription:
    digest = tokens.bearer_digest(token)
    sub = db.session.scalar(select(Subscription).where(Subscription.confirm_token_hash == digest))
    if sub is None:
        raise NotFound("This confirmation link is not valid or was already used.")
    contact = db.session.get(Contact, sub.contact_id)
    suppression = db.session.get(Suppression, contact.email_index)
    if suppression is not None and suppression.reason == "unsubscribe":
        # The person asked again and confirmed: their own earlier "all" no longer applies.
        db.session.delete(suppression)
    sub.status = SUBSCRIBED
    sub.confirm_token_hash = None
    return sub


def unsubscribe(token: str, everything: bool) -> int:
    """Unsubscribe from the list in the token, or from all lists; returns how many."""
    contact_id, list_id = read_unsubscribe_token(token)
    contact = db.session.get(Contact, contact_id)
    if contact is None:
        return 0
    if everything:
        contacts.suppress(contact, "unsubscribe")
        return db.session.query(Subscription).filter_by(contact_id=contact_id).count()
    sub = db.session.scalar(
        select(Subscription).where(
            Subscription.contact_id == contact_id, Subscription.list_id == list_id
        )
    )
    if sub is None:
        return 0
    sub.status = UNSUBSCRIBED
    return 1
