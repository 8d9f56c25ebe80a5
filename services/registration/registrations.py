"""Registering: the rules of section II of the guidance, checked before anything is stored."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from services.common import idempotency
from services.common.auth import Claims
from services.common.db import utcnow
from services.common.errors import Invalid

from .extensions import db
from .models import (
    CONSENTS,
    FLOOR,
    INTEREST,
    NOMINATION,
    OBSERVER,
    Consent,
    Event,
    IdempotencyRecord,
    Registration,
)
from .schemas import RegistrationSchema
from .services import audit, get_event, index, seal, send, set_status

log = logging.getLogger("convene.registration")
ENDPOINT = "registrations.create"


def create(data: dict, key: str, claims: Claims) -> tuple[int, dict]:
    """Register one person for one track, once per Idempotency-Key and once per person.

    The registration, its messages in the outbox, the idempotency record and the audit
    entry are committed together or not at all. The same person registering again for
    the same track gets their registration back, and no second e-mail.
    """
    request_hash = idempotency.fingerprint(data, index().digest)
    stored = idempotency.replay(db.session, IdempotencyRecord, ENDPOINT, key, request_hash)
    if stored:
        return stored
    event = get_event(data["event"])
    track = check_track(event, data["track"])
    check_requirements(track["kind"], data)
    email_index = index().digest(data["email"], scope=event.key)
    try:
        existing = find(event.key, track["key"], email_index)
        if existing is not None:
            return _answer(200, existing, key, request_hash)
        reg = _new(event, track, data, email_index)
        db.session.add(reg)
        for message in _first_messages(reg, event):
            send(message, reg)
        audit(claims, "registration.create", "registration", reg.id)
        return _answer(201, reg, key, request_hash)
    except IntegrityError:
        # A concurrent twin won the race: replay its answer, or return its registration.
        db.session.rollback()
        stored = idempotency.replay(db.session, IdempotencyRecord, ENDPOINT, key, request_hash)
        if stored:
            return stored
        twin = find(event.key, track["key"], email_index)
        if twin is None:
            raise
        return 200, RegistrationSchema().dump(twin)


def _answer(status: int, reg: Registration, key: str, request_hash: str) -> tuple[int, dict]:
    body = RegistrationSchema().dump(reg)
    idempotency.remember(db.session, IdempotencyRecord, ENDPOINT, key, request_hash, status, body)
    db.session.commit()
    if status == 201:
        log.info("event=registration.created id=%s event=%s", reg.id, reg.event_key)
    return status, body


def find(event_key: str, track_key: str, email_index: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.event_key == event_key,
            Registration.track_key == track_key,
            Registration.email_index == email_index,
        )
    )


def check_track(event: Event, track_key: str, now: datetime | None = None) -> dict:
    """The open track, or a clear refusal (nothing is stored)."""
    if not event.registration_open:
        raise Invalid(
            "Registration for this event is closed.",
            errors={"event": ["Registration for this event is closed."]},
        )
    track = event.track(track_key)
    if track is None:
        raise Invalid("This event has no such track.", errors={"track": ["Unknown track."]})
    now = now or utcnow()
    opens, closes = (datetime.fromisoformat(track[k]) for k in ("opens_at", "closes_at"))
    if now < opens:
        raise Invalid(
            f"Registration for this track opens on {opens:%Y-%m-%d %H:%M} UTC.",
            errors={"track": ["Not open yet."]},
        )
    if now >= closes:
        raise Invalid(
            f"Registration for this track closed on {closes:%Y-%m-%d %H:%M} UTC.",
            errors={"track": ["Closed."]},
        )
    return track


REQUIRED = {
    FLOOR: {
        "category": "Choose the stakeholder group you represent.",
        "focal_point_name": "Name the focal point who authorises you to speak.",
        "focal_point_email": "Give the focal point's e-mail address.",
        "statement": "Describe your expertise in migration.",
    },
    INTEREST: {"interest_roles": "Choose at least one role."},
    NOMINATION: {
        "nominator_name": "Give the name of the person nominating.",
        "nominator_email": "Give the nominating person's e-mail address.",
        "nominator_organisation": "Give the nominating organisation.",
    },
}


def check_requirements(kind: str, data: dict) -> None:
    """What each kind of track needs on top of the common fields."""
    errors = {field: [message] for field, message in REQUIRED.get(kind, {}).items()}
    errors = {field: msg for field, msg in errors.items() if not data.get(field)}
    if data["age_band"] == "under_18" and not data.get("guardian_email"):
        errors["guardian_email"] = ["Under 18: give a parent's or guardian's e-mail address."]
    if kind == FLOOR and data.get("focal_point_email", "").lower() == data["email"].lower():
        errors["focal_point_email"] = ["The focal point must be someone else."]
    if errors:
        raise Invalid("Some answers are missing or need correcting.", errors=errors)


def _new(event: Event, track: dict, data: dict, email_index: str) -> Registration:
    now = utcnow()
    reg = Registration(
        id=uuid.uuid4(),
        event_key=event.key,
        track_key=track["key"],
        kind=track["kind"],
        email_index=email_index,
        category=data["category"],
        country=data["country"],
        subregion=data["subregion"],
        gender=data["gender"],
        age_band=data["age_band"],
        migrant_led=data["migrant_led"],
        languages=",".join(data["languages"])[:64],
        language=data["language"],
        criteria={},
        status="received",
        created_at=now,
        link_version=1,
    )
    reg.name_enc = seal(reg, "name_enc", data["name"])
    reg.email_enc = seal(reg, "email_enc", data["email"])
    reg.phone_enc = seal(reg, "phone_enc", data["phone"])
    reg.organisation_enc = seal(reg, "organisation_enc", data["organisation"])
    reg.details_enc = seal(reg, "details_enc", details_of(data))
    reg.guardian_email_enc = seal(reg, "guardian_email_enc", data["guardian_email"])
    if track["kind"] == FLOOR:
        focal = {"name": data["focal_point_name"], "email": data["focal_point_email"]}
        reg.focal_point_enc = seal(reg, "focal_point_enc", focal)
    if track["kind"] == NOMINATION:
        nominator = {
            "name": data["nominator_name"],
            "email": data["nominator_email"],
            "organisation": data["nominator_organisation"],
        }
        reg.nominator_enc = seal(reg, "nominator_enc", nominator)
    for kind in CONSENTS:
        reg.consents.append(
            Consent(
                kind=kind,
                granted=bool(data["consents"].get(kind)),
                wording_version=data["consent_wording"],
                at=now,
            )
        )
    set_status(reg, "received", "registrant")
    if track["kind"] == OBSERVER and data["age_band"] != "under_18":
        set_status(reg, "confirmed", "system", "observers are admitted on registration")
    return reg


def details_of(data: dict) -> dict:
    return {
        k: data[k]
        for k in (
            "organisation_website",
            "accessibility_needs",
            "interpretation_needs",
            "statement",
            "interest_roles",
        )
        if data.get(k)
    }


def _first_messages(reg: Registration, event: Event) -> list[str]:
    """The e-mails a new registration sends: a receipt (or, for a nominee, the request to
    accept), and the requests to the people who must confirm something."""
    messages = ["registration.nomination" if reg.kind == NOMINATION else "registration.receipt"]
    if reg.kind == FLOOR:
        messages.append("registration.authorisation")
    if reg.guardian_email_enc is not None:
        messages.append("registration.guardian")
    if reg.kind == OBSERVER and reg.status == "confirmed" and event.stream_url:
        messages.append("registration.join_details")
    if any(c.kind == "updates" and c.granted for c in reg.consents):
        messages.append("registration.updates")
    return messages
