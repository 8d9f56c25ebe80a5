"""The mailer's own alerts to operators: its dead letters, a late backlog, and bounce or
complaint rates over SES's advised limits (2 % and 0.05 %).

The other services post their alerts to `POST /messages`; the mailer queues its own
directly, keyed like theirs (`common.dead_letters.alert_key`) in its idempotency table,
so a condition is mailed at most once an hour however many workers notice it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from services.common import dead_letters, idempotency
from services.common.db import utcnow

from .extensions import db
from .models import Delivery, IdempotencyRecord, Message, Suppression
from .services import new_message

log = logging.getLogger("convene.mailer.alerts")
ENDPOINT = "alerts"


def rates(window_hours: int, now=None) -> dict:
    """Mails sent in the window, and the share of them that bounced or drew a complaint
    (suppressions recorded in the window, each address counted once)."""
    since = (now or utcnow()) - timedelta(hours=window_hours)
    sent = db.session.scalar(select(func.count()).where(Message.sent_at >= since)) or 0
    sent += (
        db.session.scalar(
            select(func.count()).where(Delivery.outcome == "sent", Delivery.done_at >= since)
        )
        or 0
    )
    counts = dict(
        db.session.execute(
            select(Suppression.reason, func.count())
            .where(Suppression.created_at >= since)
            .group_by(Suppression.reason)
        ).all()
    )
    share = (lambda n: n / sent) if sent else (lambda n: 0.0)
    return {
        "sent": sent,
        "bounce_rate": share(counts.get("bounce", 0)),
        "complaint_rate": share(counts.get("complaint", 0)),
    }


def conditions(config, now=None) -> list[str]:
    """Every alert condition met now."""
    figures = dead_letters.backlog(db.session, Message, now)
    found = dead_letters.conditions(figures, config.backlog_alert_seconds)
    measured = rates(config.rate_window_hours, now)
    if measured["sent"] >= config.rate_min_sent:
        if measured["bounce_rate"] > dead_letters.BOUNCE_LIMIT:
            found.append(dead_letters.BOUNCES)
        if measured["complaint_rate"] > dead_letters.COMPLAINT_LIMIT:
            found.append(dead_letters.COMPLAINTS)
    return found


def check(now=None) -> int:
    """Queue the alerts due now (none twice in an hour); returns how many were queued."""
    config = current_app.extensions["convene_config"]
    if not config.operators_to.strip():
        return 0
    queued = 0
    for condition in conditions(config, now):
        bodies = dead_letters.alert_messages(
            "mailer", condition, config.operators_to, config.dead_letters_url
        )
        for n, body in enumerate(bodies):
            key = f"{dead_letters.alert_key('mailer', condition, now)}-{n}"
            if idempotency.replay(db.session, IdempotencyRecord, ENDPOINT, key, condition):
                continue
            message = new_message(body["template"], "en", "mailer", body["to"], body["context"])
            answer = {"id": str(message.id)}
            idempotency.remember(
                db.session, IdempotencyRecord, ENDPOINT, key, condition, 202, answer
            )
            queued += 1
        log.info("event=alert condition=%s", condition)
    db.session.commit()
    return queued
