"""Registration's shared domain helpers and the events published from the CMS.

Views call domain functions (here, `registrations`, `selfservice`, `review`, `stats`);
those never see a request object.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from services.common.auth import Claims
from services.common.crypto import associated_data
from services.common.db import utcnow, uuid7
from services.common.errors import Forbidden, NotFound

from .extensions import db
from .models import (
    OBSERVER,
    AuditEntry,
    Event,
    OutboxMessage,
    Registration,
    StatusChange,
    find_track,
)
from .schemas import TrackSchema

log = logging.getLogger("convene.registration")


def envelope():
    return current_app.extensions["convene_envelope"]


def index():
    return current_app.extensions["convene_index"]


def seal(row, column: str, value) -> bytes | None:
    """Seal a text (or, for dicts and lists, its JSON) to `row`'s column; empty → None."""
    return seal_value(row.__tablename__, column, row.id, value)


def seal_value(table: str, column: str, row_id, value) -> bytes | None:
    if value in (None, "", {}, []):
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return envelope().seal(text, associated_data(table, column, row_id))


def unseal(row, column: str) -> str:
    blob = getattr(row, column)
    if blob is None:
        return ""
    return envelope().open(blob, associated_data(row.__tablename__, column, row.id))


def unseal_value(table: str, column: str, row_id, blob: bytes | None) -> str:
    """`unseal` for a column read without its ORM object (a streamed export's rows)."""
    if blob is None:
        return ""
    return envelope().open(blob, associated_data(table, column, row_id))


def unseal_json(row, column: str, default=None):
    text = unseal(row, column)
    return json.loads(text) if text else ({} if default is None else default)


def actor_of(claims: Claims) -> str:
    return f"{claims.issuer}:{claims.subject}"


def audit_row(actor: str, action: str, object_type: str, object_id, reason: str = "", at=None):
    """An audit entry's columns (also written in bulk by the registration hot path)."""
    return {
        "at": at or utcnow(),
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "reason": reason[:200],
    }


def status_row(registration_id, status: str, actor: str, reason: str = "", at=None) -> dict:
    """A status history entry's columns."""
    return {
        "registration_id": registration_id,
        "status": status,
        "actor": actor,
        "reason": reason[:500],
        "at": at or utcnow(),
    }


def outbox_row(topic: str, registration_id, at=None) -> dict:
    """An outbox message's columns: due at once, never tried."""
    at = at or utcnow()
    return {
        "id": uuid7(),
        "topic": topic,
        "object_id": str(registration_id),
        "created_at": at,
        "available_at": at,
        "attempts": 0,
    }


def audit(claims: Claims | str, action: str, object_type: str, object_id, reason: str = ""):
    actor = claims if isinstance(claims, str) else actor_of(claims)
    db.session.add(AuditEntry(**audit_row(actor, action, object_type, object_id, reason)))


def set_status(reg: Registration, status: str, actor: str, reason: str = "") -> None:
    """Change a status and record it in the history (committed by the caller)."""
    reg.status, reg.status_reason = status, reason[:500]
    db.session.add(StatusChange(**status_row(reg.id, status, actor, reason)))


def send(topic: str, reg: Registration) -> None:
    """Queue a message about `reg` for the mailer (same transaction as its cause)."""
    db.session.add(OutboxMessage(**outbox_row(topic, reg.id)))


@dataclass(frozen=True)
class EventSettings:
    """What registering needs to know about an event."""

    key: str
    registration_open: bool
    tracks: list
    stream_url: str

    def track(self, key: str) -> dict | None:
        return find_track(self.tracks, key)


EVENT_SETTINGS_SECONDS = 1.0


def event_settings(key: str) -> EventSettings:
    """An event's registration settings, read at most once a second per process.

    Opening and closing dates are checked against the clock on every request; an editor
    closing registration by hand reaches every worker within a second.
    """
    cache = current_app.extensions.setdefault("convene_event_settings", {})
    now = time.monotonic()
    cached = cache.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    table = Event.__table__
    query = select(table.c.key, table.c.registration_open, table.c.tracks, table.c.stream_url)
    # A connection of its own, returned at once: the request holds none while it waits
    # for its group commit (which needs one from the same pool).
    with db.engine.connect() as connection:
        row = connection.execute(query.where(table.c.key == key)).first()
    if row is None:
        raise NotFound("There is no such event.")
    settings = EventSettings(*row)
    cache[key] = (now + EVENT_SETTINGS_SECONDS, settings)
    return settings


def upsert_event(key: str, data: dict, claims: Claims) -> Event:
    """Create or update an event's registration settings (from a CMS publish).

    A newly given view-and-listen link goes to every confirmed observer; a newly given
    recording link goes to every observer and participant.
    """
    event = db.session.get(Event, key) or Event(key=key)
    before = (event.stream_url or "", event.recording_url or "")
    data = {**data, "tracks": TrackSchema(many=True).dump(data.get("tracks", []))}
    for name, value in data.items():
        setattr(event, name, value)
    db.session.add(event)
    db.session.flush()
    if event.stream_url and event.stream_url != before[0]:
        for reg in _people(event, kinds=(OBSERVER,), statuses=("confirmed",)):
            send("registration.join_details", reg)
    if event.recording_url and event.recording_url != before[1]:
        for reg in _people(event, statuses=("confirmed", "selected")):
            send("registration.recording", reg)
    audit(claims, "event.upsert", "event", key)
    db.session.commit()
    current_app.extensions.get("convene_event_settings", {}).pop(key, None)
    log.info("event=event.upsert key=%s open=%s", key, event.registration_open)
    return event


def _people(event: Event, kinds=(), statuses=()):
    query = select(Registration).where(
        Registration.event_key == event.key, Registration.erased_at.is_(None)
    )
    if kinds:
        query = query.where(Registration.kind.in_(kinds))
    if statuses:
        query = query.where(Registration.status.in_(statuses))
    return db.session.scalars(query).all()


def get_event(key: str) -> Event:
    event = db.session.get(Event, key)
    if event is None:
        raise NotFound("There is no such event.")
    return event


def reviewed_event(key: str, claims: Claims) -> Event:
    """The event, if it is in one of the reviewer's regions (else 403)."""
    event = get_event(key)
    if not claims.may_see_region(event.region):
        raise Forbidden("You do not review this event's region.")
    return event
