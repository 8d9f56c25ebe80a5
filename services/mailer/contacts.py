"""Contacts, their subscriptions, provenance and suppression."""

from __future__ import annotations

import uuid

from flask import current_app
from sqlalchemy import select, update

from services.common.crypto import associated_data, normalise

from .extensions import db
from .models import (
    BOUNCED,
    COMPLAINED,
    SUBSCRIBED,
    UNSUBSCRIBED,
    Contact,
    MailingList,
    Provenance,
    Subscription,
    Suppression,
)

CONTACT_SCOPE = "contact"
BLOCKING = (UNSUBSCRIBED, BOUNCED, COMPLAINED)


def envelope():
    return current_app.extensions["convene_envelope"]


def email_index(email: str) -> str:
    return current_app.extensions["convene_index"].digest(email, CONTACT_SCOPE)


def seal_identity(
    contact_id, email: str, name: str | None, sealer=None
) -> tuple[bytes, bytes | None]:
    """The sealed (e-mail, name) of a contact, bound to its row (`sealer`: an Envelope
    outside the app, e.g. in the import's crypto process)."""
    seal = (sealer or envelope()).seal
    email_enc = seal(normalise(email), associated_data("contacts", "email_enc", contact_id))
    name_enc = seal(name, associated_data("contacts", "name_enc", contact_id)) if name else None
    return email_enc, name_enc


def open_identity(
    contact_id, email_enc: bytes, name_enc: bytes | None, opener=None
) -> tuple[str, str]:
    """The (e-mail, name) of a contact, decrypted for the message being sent (`opener`:
    an Envelope outside the app, e.g. in the helper process)."""
    open_ = (opener or envelope()).open
    email = open_(email_enc, associated_data("contacts", "email_enc", contact_id))
    name = open_(name_enc, associated_data("contacts", "name_enc", contact_id)) if name_enc else ""
    return email, name


def new_contact(email: str, name: str | None = None, **fields) -> Contact:
    contact = Contact(id=uuid.uuid4(), email_index=email_index(email), **fields)
    contact.email_enc, contact.name_enc = seal_identity(contact.id, email, name)
    return contact


def contact_email(contact: Contact) -> str:
    return open_identity(contact.id, contact.email_enc, None)[0]


def find_contact(email: str) -> Contact | None:
    return db.session.scalar(select(Contact).where(Contact.email_index == email_index(email)))


def is_suppressed(index: str) -> bool:
    return db.session.get(Suppression, index) is not None


def get_list(key: str) -> MailingList | None:
    return db.session.scalar(select(MailingList).where(MailingList.key == key))


def add_provenance(contact_id, list_id, source_kind, source_name, consent_basis) -> None:
    exists = db.session.scalar(
        select(Provenance.id).where(
            Provenance.contact_id == contact_id,
            Provenance.list_id == list_id,
            Provenance.source_kind == source_kind,
            Provenance.source_name == source_name,
        )
    )
    if not exists:
        db.session.add(
            Provenance(
                contact_id=contact_id,
                list_id=list_id,
                source_kind=source_kind,
                source_name=source_name,
                consent_basis=consent_basis,
            )
        )


def suppress_index(index: str, reason: str) -> None:
    if db.session.get(Suppression, index) is None:
        db.session.add(Suppression(email_index=index, reason=reason))


def suppress(contact: Contact, reason: str) -> None:
    """Stop every later send to this address, on every list, at once."""
    suppress_index(contact.email_index, reason)
    status = {"bounce": BOUNCED, "complaint": COMPLAINED}.get(reason, UNSUBSCRIBED)
    db.session.execute(
        update(Subscription).where(Subscription.contact_id == contact.id).values(status=status)
    )


def sendable(pairs: list[tuple]) -> set[tuple]:
    """Which (contact id, list id) pairs may be mailed now: subscribed, not suppressed."""
    from sqlalchemy import tuple_

    if not pairs:
        return set()
    rows = db.session.execute(
        select(Subscription.contact_id, Subscription.list_id)
        .join(Contact, Contact.id == Subscription.contact_id)
        .where(tuple_(Subscription.contact_id, Subscription.list_id).in_(pairs))
        .where(Subscription.status == SUBSCRIBED)
        .where(
            ~select(Suppression.email_index)
            .where(Suppression.email_index == Contact.email_index)
            .exists()
        )
    ).all()
    return {(contact_id, list_id) for contact_id, list_id in rows}
