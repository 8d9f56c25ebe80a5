"""A registrant's erasure, or their withdrawal of consent to updates, reaching the mailer.

The registration service relays both through its outbox (so an outage of the mailer delays
them, never loses them): `POST /people/forget` with the address.
- Withdrawing consent to updates unsubscribes the address from the lists named (the
  registration's "updates" list); nothing else changes.
- An erasure deletes every message to the address (recipient and content), and its daily
  counts; the contact itself, with its lists and sources, when every source of it was a
  registration; otherwise only the registration's sources go (the person gave the address
  elsewhere too, e.g. the newsletter form or a partner's list, and stays there). A
  suppression stays: it is the person's own "never mail me" or a bounce, and keeping it
  is what stops mail to them.
Messages queued before `recipient_index` existed cannot be found by address; their content
goes 30 days after delivery all the same (retention.py).
"""

from __future__ import annotations

from sqlalchemy import delete, select

from services.common.auth import Claims

from . import contacts
from .extensions import db
from .models import Contact, Delivery, MailingList, Message, Provenance, RecipientDay, Subscription
from .services import audit
from .subscriptions import UNSUBSCRIBED

REGISTRATION = "registration"


def forget(data: dict, claims: Claims) -> dict:
    index = contacts.email_index(data["email"])
    contact = db.session.scalar(select(Contact).where(Contact.email_index == index))
    if data["erase"]:
        outcome = _erase(index, contact)
        audit(claims, "person.erase", "contact", "-")
    else:
        outcome = {"contact": _unsubscribe(contact, data["lists"]), "messages": 0}
        audit(claims, "person.withdraw_updates", "contact", "-")
    db.session.commit()
    return outcome


def _erase(index: str, contact: Contact | None) -> dict:
    messages = db.session.execute(delete(Message).where(Message.recipient_index == index)).rowcount
    db.session.execute(delete(RecipientDay).where(RecipientDay.email_index == index))
    if contact is None:
        return {"contact": "unknown", "messages": messages or 0}
    sources = set(
        db.session.scalars(
            select(Provenance.source_kind).where(Provenance.contact_id == contact.id)
        )
    )
    if sources <= {REGISTRATION}:
        for model in (Subscription, Provenance, Delivery):
            db.session.execute(delete(model).where(model.contact_id == contact.id))
        db.session.delete(contact)
        return {"contact": "erased", "messages": messages or 0}
    db.session.execute(
        delete(Provenance).where(
            Provenance.contact_id == contact.id, Provenance.source_kind == REGISTRATION
        )
    )
    return {"contact": "kept", "messages": messages or 0}


def _unsubscribe(contact: Contact | None, lists: list[str]) -> str:
    if contact is None:
        return "unknown"
    ids = select(MailingList.id).where(MailingList.key.in_(lists))
    for sub in db.session.scalars(
        select(Subscription).where(
            Subscription.contact_id == contact.id, Subscription.list_id.in_(ids)
        )
    ):
        sub.status = UNSUBSCRIBED
    return "unsubscribed"
