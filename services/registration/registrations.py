"""Registering: the rules of section II of the guidance, checked before anything is stored."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from services.common import idempotency
from services.common.auth import Claims
from services.common.db import utcnow, uuid7
from services.common.errors import Conflict, Invalid, NotFound
from services.common.group_commit import GroupCommit, UniqueViolation

from .extensions import db
from .models import (
    CONSENTS,
    FLOOR,
    INTEREST,
    NOMINATION,
    OBSERVER,
    AuditEntry,
    Consent,
    IdempotencyRecord,
    OutboxMessage,
    Registration,
    StatusChange,
    unmet_criteria,
)
from .schemas import RegistrationSchema
from .services import (
    EventSettings,
    actor_of,
    audit_row,
    event_settings,
    index,
    outbox_row,
    seal_value,
    status_row,
)

log = logging.getLogger("convene.registration")
ENDPOINT = "registrations.create"
RESPONSE = RegistrationSchema()


def create(data: dict, key: str, claims: Claims) -> tuple[int, dict]:
    """Register one person for one track, once per Idempotency-Key and once per person.

    The registration, its messages in the outbox, the idempotency record and the audit
    entry are committed together or not at all (with other requests' registrations: see
    `GroupCommit`). The rows are written first and checked by the database's unique
    constraints: a replayed key, or the same person registering again for the same
    track, breaks one, and is then answered with the stored answer or the registration
    already made (and no second e-mail).
    """
    request_hash = idempotency.fingerprint(data, index().digest)
    try:
        event = event_settings(data["event"])
        track = check_track(event, data["track"])
        check_requirements(track["kind"], data, event.key)
    except (Invalid, NotFound):
        stored = idempotency.replay(db.session, IdempotencyRecord, ENDPOINT, key, request_hash)
        if stored:  # a retry of a registration made before the window closed
            return stored
        raise
    email_index = index().digest(data["email"], scope=event.key)
    rid, tables, body = _prepare(event, track, data, email_index, claims, key, request_hash)
    try:
        group_commit().insert(tables)
    except UniqueViolation:
        return _already(event, track, email_index, key, request_hash)
    log.info("event=registration.created id=%s event=%s", rid, event.key)
    return 201, body


def _already(event, track, email_index, key, request_hash) -> tuple[int, dict]:
    """The stored answer to this key, or the person's existing registration (200)."""
    for _attempt in range(2):
        stored = idempotency.replay(db.session, IdempotencyRecord, ENDPOINT, key, request_hash)
        if stored:
            return stored
        existing = find(event.key, track["key"], email_index)
        if existing is None:
            break
        body = RESPONSE.dump(existing)
        try:
            with group_commit().file_lock.held():
                idempotency.remember(
                    db.session, IdempotencyRecord, ENDPOINT, key, request_hash, 200, body
                )
                db.session.commit()
            return 200, body
        except IntegrityError:  # a concurrent twin with the same key answered first
            db.session.rollback()
    raise Conflict("This registration changed while it was being made; send it again.")


def find(event_key: str, track_key: str, email_index: str) -> Registration | None:
    table = Registration.__table__
    found = (
        db.session.connection()
        .execute(
            select(table.c.id).where(
                table.c.event_key == event_key,
                table.c.track_key == track_key,
                table.c.email_index == email_index,
            )
        )
        .scalar()
    )
    return None if found is None else db.session.get(Registration, found)


def group_commit() -> GroupCommit:
    extensions = current_app.extensions
    writer = extensions.get("convene_group_commit")
    if writer is None:
        writer = extensions.setdefault(
            "convene_group_commit", GroupCommit(db.engine, extensions.get("convene_commit_wait"))
        )
    return writer


def check_track(event: EventSettings, track_key: str, now: datetime | None = None) -> dict:
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


# The people who confirm for the registrant must be someone else: the same address, as
# the blind index sees it (case, width and spacing do not matter), is refused.
SOMEONE_ELSE = {
    "focal_point_email": "The focal point must be someone else: give their own address.",
    "guardian_email": "The parent or guardian must be someone else: give their own address.",
}


def check_requirements(kind: str, data: dict, scope: str) -> None:
    """What each kind of track needs on top of the common fields (`scope`: the event's
    key, the blind index's scope)."""
    errors = {field: [message] for field, message in REQUIRED.get(kind, {}).items()}
    errors = {field: msg for field, msg in errors.items() if not data.get(field)}
    if data["age_band"] == "under_18" and not data.get("guardian_email"):
        errors["guardian_email"] = ["Under 18: give a parent's or guardian's e-mail address."]
    own = index().digest(data["email"], scope=scope)
    for field, message in SOMEONE_ELSE.items():
        if data.get(field) and index().matches(data[field], scope, own):
            errors[field] = [message]
    if errors:
        raise Invalid("Some answers are missing or need correcting.", errors=errors)


def _prepare(event, track, data, email_index, claims, key, request_hash) -> tuple:
    """`(id, [(table, rows), ...], answer)` of a new registration and all that goes with it.

    Rows go straight to the driver: this is the hot path of a busy registration
    window, and the ORM's unit of work costs more than the database.
    """
    now, rid = utcnow(), uuid7()  # time-ordered: appended to every index that holds it
    kind, status = track["kind"], "received"
    sealed = {
        "name_enc": data["name"],
        "email_enc": data["email"],
        "phone_enc": data["phone"],
        "organisation_enc": data["organisation"],
        "details_enc": details_of(data),
        "guardian_email_enc": data["guardian_email"],
        "focal_point_enc": (
            {"name": data["focal_point_name"], "email": data["focal_point_email"]}
            if kind == FLOOR
            else None
        ),
        "nominator_enc": (
            {
                "name": data["nominator_name"],
                "email": data["nominator_email"],
                "organisation": data["nominator_organisation"],
            }
            if kind == NOMINATION
            else None
        ),
    }
    row = {
        "id": rid,
        "event_key": event.key,
        "track_key": track["key"],
        "kind": kind,
        "email_index": email_index,
        **{column: seal_value("registrations", column, rid, v) for column, v in sealed.items()},
        "category": data["category"],
        "country": data["country"],
        "subregion": data["subregion"],
        "gender": data["gender"],
        "age_band": data["age_band"],
        "migrant_led": data["migrant_led"],
        "languages": ",".join(data["languages"])[:64],
        "language": data["language"],
        "criteria": {},
        "criteria_met": not unmet_criteria(kind, {}, None),
        "status_reason": "",
        "link_version": 1,
        "created_at": now,
        "updated_at": now,
    }
    history = [("received", "registrant", "")]
    if kind == OBSERVER and data["age_band"] != "under_18":
        status = "confirmed"
        history.append((status, "system", "observers are admitted on registration"))
    row["status"] = status
    granted = {k for k in CONSENTS if data["consents"].get(k)}
    topics = first_messages(kind, status, data, granted, event)
    body = {  # RegistrationSchema's fields, without a schema's cost on the busiest path
        "id": str(rid),
        "event": event.key,
        "track": track["key"],
        "status": status,
        "created_at": now.isoformat(),
    }
    tables = _rows(row, rid, data, granted, history, topics, claims, key, request_hash, body)
    return rid, [(model.__table__, rows) for model, rows in tables], body


def _rows(row, rid, data, granted, history, topics, claims, key, request_hash, body) -> tuple:
    """(model, rows) for each table a new registration writes to."""
    now = row["created_at"]
    return (
        (Registration, [row]),
        (
            Consent,
            [
                {
                    "registration_id": rid,
                    "kind": k,
                    "granted": k in granted,
                    "wording_version": data["consent_wording"],
                    "at": now,
                }
                for k in CONSENTS
            ],
        ),
        (StatusChange, [status_row(rid, s, a, r, now) for s, a, r in history]),
        (OutboxMessage, [outbox_row(topic, rid, now) for topic in topics]),
        (
            AuditEntry,
            [audit_row(actor_of(claims), "registration.create", "registration", rid, at=now)],
        ),
        (
            IdempotencyRecord,
            [
                {
                    "endpoint": ENDPOINT,
                    "key": key,
                    "request_hash": request_hash,
                    "status_code": 201,
                    "response": body,
                    "created_at": now,
                }
            ],
        ),
    )


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


def first_messages(
    kind: str, status: str, data: dict, granted: set, event: EventSettings
) -> list[str]:
    """The e-mails a new registration sends: a receipt (or, for a nominee, the request to
    accept), and the requests to the people who must confirm something."""
    messages = ["registration.nomination" if kind == NOMINATION else "registration.receipt"]
    if kind == FLOOR:
        messages.append("registration.authorisation")
    if data["guardian_email"]:
        messages.append("registration.guardian")
    if kind == OBSERVER and status == "confirmed" and event.stream_url:
        messages.append("registration.join_details")
    if "updates" in granted:
        messages.append("registration.updates")
    return messages


def ids_of(event_key: str, references, field: str) -> list[str]:
    """Registration ids for what the secretariat typed: a full id, or the 8-character
    reference the person quotes (the end of the id), among this event's registrations."""
    wanted = [str(r).strip() for r in references]
    short = {r.upper() for r in wanted if len(r) == 8}
    found: dict[str, list[str]] = {}
    if short:
        ids = db.session.scalars(select(Registration.id).where(Registration.event_key == event_key))
        for rid in ids:
            if rid.hex[-8:].upper() in short:
                found.setdefault(rid.hex[-8:].upper(), []).append(str(rid))
    out = []
    for ref in wanted:
        try:
            out.append(str(uuid.UUID(ref)))
            continue
        except ValueError:
            matches = found.get(ref.upper(), [])
        if len(matches) != 1:
            why = (
                "matches several registrations; give the full id"
                if matches
                else ("is not a registration of this event")
            )
            message = f"{ref[:40]} {why}."
            raise Invalid(message, errors={field: [message]})
        out.append(matches[0])
    return out
