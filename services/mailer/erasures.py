"""Erasing a mailing address for good on request, recorded in the erasure ledger (see
services/common/erasures.py) by its keyed blind index, so that a restored backup can
be brought back in line: `flask --app services.mailer erasures reapply`."""

from __future__ import annotations

import logging

from sqlalchemy import delete, select

from services.common.erasures import ledger

from . import contacts
from .extensions import db
from .models import Contact, Delivery, Provenance, Subscription

log = logging.getLogger("convene.mailer.erasures")
KIND = "mailer-address"


def _erase_index(index: str) -> bool:
    """Delete the contact holding this address (lists, sources, deliveries with it) and
    keep the address suppressed, so that no later import adds it back."""
    contact = db.session.scalar(select(Contact).where(Contact.email_index == index))
    contacts.suppress_index(index, "erased")
    if contact is None:
        return False
    for model in (Subscription, Provenance, Delivery):
        db.session.execute(delete(model).where(model.contact_id == contact.id))
    db.session.delete(contact)
    return True


def erase(email: str) -> bool:
    """Whether a contact held the address (the suppression is recorded either way)."""
    index = contacts.email_index(email)
    ledger().record(KIND, index)  # first: it outlives any restore
    found = _erase_index(index)
    db.session.commit()
    log.info("event=contact.erased found=%s", found)
    return found


def reapply() -> tuple[int, int]:
    recorded, again = ledger().keys(KIND), 0
    for index in recorded:
        # Erased again: the restore brought back the contact or lost the suppression.
        was_suppressed = contacts.is_suppressed(index)
        if _erase_index(index) or not was_suppressed:
            again += 1
    db.session.commit()
    log.info("event=erasures.reapplied recorded=%s again=%s", len(recorded), again)
    return len(recorded), again
