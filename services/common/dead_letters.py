"""Dead letters: work items that failed `worker.MAX_ATTEMPTS` times, kept with their last
error until an operator requeues or discards them; the backlog figures and the operators'
alerts that watch them.

Each service passes its own model (an `OutboxMixin`/`WorkItemMixin` with `DeadLetterMixin`)
and its own `audit(action, item_id, reason)` callable; nothing here commits for a caller
that does not ask it to. Alerts name a condition and a service, never a person: they go to
the operators' address through the mailer, with an `Idempotency-Key` made of the service,
the condition and the hour, so however many workers notice a condition, at most one mail a
condition an hour goes out (the mailer keeps the first answer to a key).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from marshmallow import Schema, fields, validate
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .db import utcnow
from .errors import Invalid, NotFound

DEAD_LETTERS = "dead_letters"
BACKLOG = "backlog"
BOUNCES = "bounce_rate"
COMPLAINTS = "complaint_rate"
# SES reviews an account whose bounce rate passes 5 % and advises staying under 2 %;
# complaints: under 0.1 %, advised under 0.05 %. We alert at the advised limits.
BOUNCE_LIMIT = 0.02
COMPLAINT_LIMIT = 0.0005
ALERT_TEMPLATES = {
    DEAD_LETTERS: "ops.dead_letters",
    BACKLOG: "ops.backlog",
    BOUNCES: "ops.bounce_rate",
    COMPLAINTS: "ops.complaint_rate",
}


def dead_where(model):
    return (model.failed_at.is_not(None), model.done_at.is_(None))


def pending_where(model):
    return (model.failed_at.is_(None), model.done_at.is_(None))


def listing(session: Session, model, limit: int = 200) -> list:
    """Dead letters, the most recent failure first."""
    query = select(model).where(*dead_where(model)).order_by(model.failed_at.desc())
    return list(session.scalars(query.limit(limit)))


def get_dead(session: Session, model, item_id: uuid.UUID):
    item = session.get(model, item_id)
    if item is None or item.failed_at is None or item.done_at is not None:
        raise NotFound("There is no such dead letter.")
    return item


def requeue(session: Session, model, item_id: uuid.UUID, audit: Callable) -> object:
    """Give a dead letter a fresh set of attempts, due at once; its last error stays
    visible until it is delivered."""
    item = get_dead(session, model, item_id)
    item.failed_at = None
    item.attempts = 0
    item.available_at = utcnow()
    item.lease_owner = item.lease_until = None
    audit("dead_letter.requeue", item.id, "")
    session.commit()
    return item


def discard(session: Session, model, item_id: uuid.UUID, reason: str, audit: Callable) -> object:
    """Give up on a dead letter for good, with the operator's reason."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Say why the message is discarded.", {"reason": ["Required."]})
    item = get_dead(session, model, item_id)
    item.done_at = item.discarded_at = utcnow()
    item.discard_reason = reason[:200]
    audit("dead_letter.discard", item.id, reason[:200])
    session.commit()
    return item


def backlog(session: Session, model, now: datetime | None = None) -> dict:
    """Pending items, the age of the oldest in seconds, and the dead letters."""
    now = now or utcnow()
    pending, oldest = session.execute(
        select(func.count(), func.min(model.created_at)).where(*pending_where(model))
    ).one()
    dead = session.scalar(select(func.count()).where(*dead_where(model)))
    if oldest is not None and oldest.tzinfo is None:  # SQLite drops the zone in aggregates
        oldest = oldest.replace(tzinfo=now.tzinfo)
    age = max(0, int((now - oldest).total_seconds())) if oldest is not None else 0
    return {"pending": pending, "oldest_pending_seconds": age, "dead_letters": dead}


def conditions(figures: dict, max_age_seconds: int) -> list[str]:
    """The alert conditions a backlog's figures meet."""
    found = []
    if figures["dead_letters"]:
        found.append(DEAD_LETTERS)
    if figures["oldest_pending_seconds"] > max_age_seconds:
        found.append(BACKLOG)
    return found


def alert_key(service: str, condition: str, now: datetime | None = None) -> str:
    """One key per service, condition and hour (the mailer sends a key once)."""
    return f"alert-{service}-{condition}-{(now or utcnow()):%Y%m%d%H}"


def alert_messages(service: str, condition: str, operators_to: str, admin_url: str) -> list:
    """The mailer's `POST /messages` bodies for an alert: no counts (a replay within the
    hour must be the same request), no personal data."""
    return [
        {
            "template": ALERT_TEMPLATES[condition],
            "language": "en",
            "to": address.strip(),
            "context": {"service": service, "admin_url": admin_url},
        }
        for address in operators_to.split(",")
        if address.strip()
    ]


def send_alerts(mailer, service: str, figures: dict, config, now=None) -> int:
    """Post the alerts `figures` call for to the mailer; returns how many were posted."""
    sent = 0
    for condition in conditions(figures, config.backlog_alert_seconds):
        bodies = alert_messages(service, condition, config.operators_to, config.dead_letters_url)
        for n, body in enumerate(bodies):
            key = {"Idempotency-Key": f"{alert_key(service, condition, now)}-{n}"}
            mailer.post("/messages", json=body, headers=key).raise_for_status()
            sent += 1
    return sent


class DeadLetterSchema(Schema):
    """A dead letter as the admin lists it: ids, a kind and an error name, no content."""

    id = fields.UUID(required=True)
    kind = fields.String(required=True, metadata={"description": "outbox topic or template"})
    region = fields.String(load_default="", metadata={"description": "registration only"})
    attempts = fields.Integer(required=True)
    last_error = fields.String(allow_none=True)
    created_at = fields.DateTime(required=True)
    failed_at = fields.DateTime(allow_none=True)
    discarded_at = fields.DateTime(allow_none=True)


class DiscardSchema(Schema):
    """Why an operator gives up on a dead letter (kept with it and in the audit)."""

    reason = fields.String(required=True, validate=validate.Length(1, 200))


class BacklogSchema(Schema):
    """Pending work items, the age of the oldest, and the dead letters."""

    pending = fields.Integer(required=True)
    oldest_pending_seconds = fields.Integer(required=True)
    dead_letters = fields.Integer(required=True)


def as_row(item, kind: str, region: str = "") -> dict:
    return {
        "id": item.id,
        "kind": kind,
        "region": region,
        "attempts": item.attempts,
        "last_error": item.last_error,
        "created_at": item.created_at,
        "failed_at": item.failed_at,
        "discarded_at": item.discarded_at,
    }
