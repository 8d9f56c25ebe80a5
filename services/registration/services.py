"""Registration's domain operations: check permission, do the work, audit, commit.

Views call these and nothing else; these never see a request object.
"""

from __future__ import annotations

import logging
import uuid

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from services.common import idempotency
from services.common.auth import Claims
from services.common.crypto import associated_data
from services.common.db import utcnow
from services.common.errors import Conflict, Forbidden, Invalid, NotFound

from .extensions import db
from .models import AuditEntry, Event, IdempotencyRecord, OutboxMessage, Registration
from .schemas import RegistrationSchema, TrackSchema

log = logging.getLogger("convene.registration")
CONFIRMATION = "registration.confirmation"


def _envelope():
    return current_app.extensions["convene_envelope"]


def _index():
    return current_app.extensions["convene_index"]


def seal(row, column: str, value: str | None) -> bytes | None:
    if value is None:
        return None
    return _envelope().seal(value, associated_data(row.__tablename__, column, row.id))


def unseal(row, column: str) -> str | None:
    blob = getattr(row, column)
    if blob is None:
        return None
    return _envelope().open(blob, associated_data(row.__tablename__, column, row.id))


def audit(claims: Claims, action: str, object_type: str, object_id) -> None:
    db.session.add(
        AuditEntry(
            actor=f"{claims.issuer}:{claims.subject}",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
        )
    )


def upsert_event(key: str, data: dict, claims: Claims) -> Event:
    """Create or update an event's registration settings (from a CMS publish)."""
    event = db.session.get(Event, key) or Event(key=key)
    data = {**data, "tracks": TrackSchema(many=True).dump(data.get("tracks", []))}
    for name, value in data.items():
        setattr(event, name, value)
    db.session.add(event)
    audit(claims, "event.upsert", "event", key)
    db.session.commit()
    log.info("event=event.upsert key=%s open=%s", key, event.registration_open)
    return event


def get_event(key: str) -> Event:
    event = db.session.get(Event, key)
    if event is None:
        raise NotFound("There is no such event.")
    return event


def create_registration(data: dict, key: str, claims: Claims) -> tuple[int, dict]:
    """Register one person for one event, once per Idempotency-Key.

    The registration, its confirmation message in the outbox, the idempotency
    record and the audit entry are committed together or not at all.
    """
    endpoint = "registrations.create"
    request_hash = idempotency.fingerprint(data, _index().digest)
    stored = idempotency.replay(db.session, IdempotencyRecord, endpoint, key, request_hash)
    if stored:
        return stored
    event = get_event(data["event"])
    if not event.registration_open:
        raise Invalid(
            "Registration for this event is closed.",
            errors={"event": ["Registration for this event is closed."]},
        )
    email_index = _index().digest(data["email"], scope=event.key)
    exists = db.session.scalar(
        select(Registration.id).where(
            Registration.event_key == event.key, Registration.email_index == email_index
        )
    )
    if exists:
        raise Conflict(
            "This e-mail address is already registered for this event.",
            errors={"email": ["This e-mail address is already registered."]},
        )
    reg = Registration(
        id=uuid.uuid4(),
        event_key=event.key,
        email_index=email_index,
        country=data["country"],
        language=data["language"],
        status="received",
        created_at=utcnow(),
    )
    reg.name_enc = seal(reg, "name_enc", data["name"])
    reg.email_enc = seal(reg, "email_enc", data["email"])
    reg.organisation_enc = seal(reg, "organisation_enc", data.get("organisation") or None)
    db.session.add(reg)
    db.session.add(OutboxMessage(topic=CONFIRMATION, object_id=str(reg.id)))
    audit(claims, "registration.create", "registration", reg.id)
    body = RegistrationSchema().dump(reg)
    idempotency.remember(db.session, IdempotencyRecord, endpoint, key, request_hash, 201, body)
    try:
        db.session.commit()
    except IntegrityError:
        # A concurrent twin won the race: replay its answer, or refuse the duplicate.
        db.session.rollback()
        stored = idempotency.replay(db.session, IdempotencyRecord, endpoint, key, request_hash)
        if stored:
            return stored
        raise Conflict("This e-mail address is already registered for this event.") from None
    log.info("event=registration.created id=%s event=%s", reg.id, event.key)
    return 201, body


def _detail(reg: Registration, claims: Claims) -> dict:
    audit(claims, "registration.decrypt", "registration", reg.id)
    return {
        "id": reg.id,
        "event_key": reg.event_key,
        "status": reg.status,
        "created_at": reg.created_at,
        "country": reg.country,
        "language": reg.language,
        "region": reg.event.region,
        "name": unseal(reg, "name_enc"),
        "email": unseal(reg, "email_enc"),
        "organisation": unseal(reg, "organisation_enc") or "",
    }


def list_registrations(
    claims: Claims, event: str | None = None, region: str | None = None
) -> list[dict]:
    """Registrations in the caller's regions, decrypted for this response; each audited."""
    if region and not claims.may_see_region(region):
        raise Forbidden("You do not review this region.")
    query = select(Registration).join(Event).where(Event.region.in_(claims.regions))
    if region:
        query = query.where(Event.region == region)
    if event:
        found = get_event(event)
        if not claims.may_see_region(found.region):
            raise Forbidden("You do not review this event's region.")
        query = query.where(Registration.event_key == event)
    rows = db.session.scalars(query.order_by(Registration.created_at.desc())).all()
    result = [_detail(reg, claims) for reg in rows]
    db.session.commit()
    return result


def get_registration(registration_id: uuid.UUID, claims: Claims) -> dict:
    reg = db.session.get(Registration, registration_id)
    if reg is None:
        raise NotFound("There is no such registration.")
    if not claims.may_see_region(reg.event.region):
        raise Forbidden("You do not review this registration's region.")
    result = _detail(reg, claims)
    db.session.commit()
    return result


def confirmation_message(registration_id: str) -> dict | None:
    """The confirmation e-mail for the mailer, or None if the registration was erased."""
    reg = db.session.get(Registration, uuid.UUID(registration_id))
    if reg is None:
        return None
    return {
        "template": "registration_confirmation",
        "language": reg.language,
        "to": unseal(reg, "email_enc"),
        "context": {
            "name": unseal(reg, "name_enc"),
            "event_title": reg.event.title,
            "reference": str(reg.id)[:8].upper(),
        },
    }
