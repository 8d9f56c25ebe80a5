"""Sending campaigns: claim a batch of deliveries, check consent, render, send, record.

A batch is committed after it is sent. A crash in the middle of a batch leaves its
deliveries leased; when the lease ends they are sent again, so a crash can duplicate
at most one batch (the messages in flight) and never loses one.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from services.common.db import utcnow
from services.common.worker import MAX_ATTEMPTS, claim

from . import contacts
from .extensions import db
from .fastmime import CampaignMessage
from .models import Campaign, Contact, Delivery
from .rendering import render
from .subscriptions import unsubscribe_token

log = logging.getLogger("convene.mailer.deliveries")


def send_batch(sender, owner: str, batch: int | None = None) -> int:
    """Send up to one batch of due deliveries of sending campaigns; returns how many."""
    config = current_app.extensions["convene_config"]
    sending = select(Campaign.id).where(Campaign.status == "sending")
    items = claim(
        db.session,
        Delivery,
        owner,
        limit=batch or config.batch_size,
        lease_seconds=config.lease_seconds,
        where=[Delivery.campaign_id.in_(sending)],
    )
    if not items:
        return 0
    campaigns = {
        c.id: c
        for c in db.session.scalars(
            select(Campaign).where(Campaign.id.in_({d.campaign_id for d in items}))
        )
    }
    people = {
        c.id: c
        for c in db.session.scalars(
            select(Contact).where(Contact.id.in_([d.contact_id for d in items]))
        )
    }
    shapes = {}
    allowed = contacts.sendable([(d.contact_id, d.list_id) for d in items])
    now = utcnow()
    with sender.session() as connection:
        for delivery in items:
            contact = people.get(delivery.contact_id)
            if contact is None or (delivery.contact_id, delivery.list_id) not in allowed:
                _finish(delivery, "skipped", now)  # unsubscribed or suppressed meanwhile
                continue
            campaign = campaigns[delivery.campaign_id]
            token = unsubscribe_token(contact.id, delivery.list_id)
            url = f"{config.public_url.rstrip('/')}/newsletter/unsubscribe/{token}/"
            context = {
                "name": contacts.contact_name(contact),
                "organisation": contact.organisation,
                "country": contact.country,
                "unsubscribe_url": url,
            }
            try:
                subject, text, html = render(campaign.versions[delivery.language], context)
                shape = shapes.get((campaign.id, delivery.language, subject))
                if shape is None:
                    shape = CampaignMessage(sender.from_address, subject, delivery.language)
                    shapes[(campaign.id, delivery.language, subject)] = shape
                to = contacts.contact_email(contact)
                connection.send_raw(to, shape.build(to, delivery.id.hex, text, html, url))
            except Exception as exc:  # noqa: BLE001 - any failure: retry later, then give up
                _retry(delivery, exc)
                continue
            _finish(delivery, "sent", now)
    db.session.commit()
    return len(items)


def _finish(delivery: Delivery, outcome: str, now) -> None:
    delivery.outcome = outcome
    delivery.done_at = now
    delivery.lease_owner = delivery.lease_until = None


def _retry(delivery: Delivery, error: Exception) -> None:
    delivery.attempts += 1
    delivery.last_error = type(error).__name__[:200]
    delivery.lease_owner = delivery.lease_until = None
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.failed_at = utcnow()
        delivery.outcome = "failed"
    else:
        delivery.available_at = utcnow() + timedelta(seconds=min(2**delivery.attempts, 300))
    log.warning("event=delivery.retry id=%s error=%s", delivery.id, delivery.last_error)
