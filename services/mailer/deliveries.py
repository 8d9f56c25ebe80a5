"""Sending campaigns: claim a batch of deliveries, check consent, render, send, record.

A batch is committed after it is sent. A crash in the middle of a batch leaves its
deliveries leased; when the lease ends they are sent again, so a crash can duplicate
at most one batch (the messages in flight) and never loses one. Rows are read and
written with Core statements: per-message ORM bookkeeping would cost more than SMTP.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, select, update

from services.common.db import utcnow
from services.common.worker import MAX_ATTEMPTS, claim

from . import contacts
from .extensions import db
from .fastmime import CampaignMessage
from .models import Campaign, Contact, Delivery
from .rendering import render
from .reporting_texts import campaign_footer, reporting_links
from .subscriptions import UNSUBSCRIBE_PURPOSE, unsubscribe_token
from .throttle import SharedRateLimiter

log = logging.getLogger("convene.mailer.deliveries")
_limiters: dict[str, SharedRateLimiter] = {}
CHUNK = 100  # messages prepared at a time
_done = (
    update(Delivery.__table__)
    .where(Delivery.__table__.c.id == bindparam("d_id"))
    .values(
        outcome=bindparam("d_outcome"),
        done_at=bindparam("d_at"),
        lease_owner=None,
        lease_until=None,
    )
)


def send_batch(sender, owner: str, batch: int | None = None) -> int:
    """Send up to one batch of one sending campaign's due deliveries; returns how many."""
    config = current_app.extensions["convene_config"]
    sending = db.session.execute(
        select(Campaign.id, Campaign.max_rate).where(Campaign.status == "sending")
    ).all()
    random.shuffle(sending)  # several campaigns at once share the workers
    for campaign_id, max_rate in sending:
        size = batch or config.batch_size
        if max_rate:
            size = min(size, max(1, int(max_rate * 10)))  # a batch spans about ten seconds
        ids = claim(
            db.session,
            Delivery,
            owner,
            limit=size,
            lease_seconds=config.lease_seconds,
            where=[Delivery.campaign_id == campaign_id],
            ids_only=True,
        )
        if ids:
            return _send(sender, ids, campaign_limiter(campaign_id, max_rate), config)
    return 0


def campaign_limiter(campaign_id, max_rate: float) -> SharedRateLimiter | None:
    """The campaign's own rate limit, shared with every other worker sending it."""
    if not max_rate:
        return None
    name = f"campaign:{campaign_id.hex}"
    limiter = _limiters.get(name)
    if limiter is None or limiter.rate != max_rate:
        limiter = _limiters[name] = SharedRateLimiter(db.engine, name, max_rate)
    return limiter


def _send(sender, ids: list, limiter, config) -> int:
    rows = db.session.execute(
        select(
            Delivery.id,
            Delivery.campaign_id,
            Delivery.contact_id,
            Delivery.list_id,
            Delivery.language,
            Contact.email_enc,
            Contact.name_enc,
            Contact.organisation,
            Contact.country,
        )
        .join(Contact, Contact.id == Delivery.contact_id, isouter=True)
        .where(Delivery.id.in_(ids))
    ).all()
    versions = dict(
        db.session.execute(
            select(Campaign.id, Campaign.versions).where(
                Campaign.id.in_({r.campaign_id for r in rows})
            )
        ).all()
    )
    allowed = contacts.sendable([(r.contact_id, r.list_id) for r in rows])
    now = utcnow()
    finished, failed, work = [], [], []
    for row in rows:
        if row.email_enc is None or (row.contact_id, row.list_id) not in allowed:
            finished.append({"d_id": row.id, "d_outcome": "skipped", "d_at": now})
            continue  # unsubscribed, suppressed or erased since the campaign began
        work.append(tuple(row))
    job = {
        "versions": versions,
        "base": config.public_url.rstrip("/"),
        "from": sender.from_address,
    }
    # Couriers talk SMTP, each over its own connection, while this thread prepares the
    # next messages: the relay's round trips overlap each other and the CPU work.
    outbox: queue.Queue = queue.Queue(maxsize=256)
    couriers = [
        threading.Thread(target=_courier, args=(sender, limiter, outbox, finished, failed, now))
        for _ in range(max(1, min(config.connections, len(work) // CHUNK + 1)))
    ]
    for courier in couriers:
        courier.start()
    try:
        for start in range(0, len(work), CHUNK):
            for delivery_id, to, data, error in prepare(work[start : start + CHUNK], job):
                if error is None:
                    outbox.put((delivery_id, to, data))
                else:
                    failed.append((delivery_id, error))
    finally:
        for _ in couriers:
            outbox.put(None)
        for courier in couriers:
            courier.join()
    if finished:
        db.session.connection().execute(_done, finished)
    for delivery_id, error in failed:
        _retry(db.session.get(Delivery, delivery_id), error)
    db.session.commit()
    return len(rows)


def prepare(chunk: list[tuple], job: dict) -> list[tuple]:
    """Open, render and build each message of a chunk.

    Returns (delivery id, recipient, message bytes, None) or (delivery id, None, None,
    the error's name) per row: a row that cannot be prepared is retried later.
    """
    envelope = current_app.extensions["convene_envelope"]
    key = current_app.extensions["convene_index"].derive_key(UNSUBSCRIBE_PURPOSE)
    shapes, out = {}, []
    for delivery_id, campaign_id, contact_id, list_id, language, *sealed in chunk:
        email_enc, name_enc, organisation, country = sealed
        try:
            prefix = "" if language == "en" else f"{language}/"
            token = unsubscribe_token(contact_id, list_id, key)
            url = f"{job['base']}/{prefix}newsletter/unsubscribe/{token}/"
            to, name = contacts.open_identity(contact_id, email_enc, name_enc, envelope)
            subject, text, html = render(
                job["versions"][campaign_id][language],
                {
                    "name": name,
                    "organisation": organisation,
                    "country": country,
                    "unsubscribe_url": url,
                },
            )
            text, html = _with_footer(job, language, text, html)
            shape = shapes.get((campaign_id, language, subject))
            if shape is None:
                shape = shapes[(campaign_id, language, subject)] = CampaignMessage(
                    job["from"], subject, language
                )
            out.append((delivery_id, to, shape.build(to, delivery_id.hex, text, html, url), None))
        except Exception as exc:  # noqa: BLE001 - any failure: retry later, then give up
            out.append((delivery_id, None, None, type(exc).__name__))
    return out


def _with_footer(job: dict, language: str, text: str, html: str) -> tuple[str, str]:
    """Every campaign ends with the line to the grievance and reprisal channel."""
    footers = job.setdefault("footers", {})
    if language not in footers:
        url = reporting_links(job["base"], language, {})["reporting_url"]
        footers[language] = campaign_footer(language, url)
    text_footer, html_footer = footers[language]
    if html:
        at = html.lower().rfind("</body>")
        html = html + html_footer if at < 0 else html[:at] + html_footer + html[at:]
    return text.rstrip("\n") + text_footer, html


def _courier(sender, limiter, outbox: queue.Queue, finished: list, failed: list, now) -> None:
    """Send what the preparing thread queues, over one connection, until `None`."""
    with sender.session() as connection:
        while (item := outbox.get()) is not None:
            delivery_id, to, data = item
            if limiter is not None:
                limiter.wait()
            try:
                connection.send_raw(to, data)
            except Exception as exc:  # noqa: BLE001 - recorded and retried later
                failed.append((delivery_id, type(exc).__name__))
            else:
                finished.append({"d_id": delivery_id, "d_outcome": "sent", "d_at": now})


def _retry(delivery: Delivery, error: str) -> None:
    delivery.attempts += 1
    delivery.last_error = error[:200]
    delivery.lease_owner = delivery.lease_until = None
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.failed_at = utcnow()
        delivery.outcome = "failed"
    else:
        delivery.available_at = utcnow() + timedelta(seconds=min(2**delivery.attempts, 300))
    log.warning("event=delivery.retry id=%s error=%s", delivery.id, delivery.last_error)
