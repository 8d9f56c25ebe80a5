"""A registrant's own page, without an account: the signed link is the credential.

View, correct, withdraw, download (JSON) and erase. Erasure removes the personal data
and the e-mail's blind index for good; the row keeps only what aggregate counts need.
Third parties act through their own links: the focal point authorises, the guardian
consents, the nominee accepts.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from services.common.auth import Claims
from services.common.db import utcnow
from services.common.erasures import ledger
from services.common.errors import Conflict, NotFound

from . import audit_trail, erasures, links, seats
from .extensions import db
from .messages import WITHDRAWN
from .models import CONSENTS, Consent, OutboxMessage, Registration
from .registrations import details_of
from .services import (
    audit,
    get_event,
    index,
    outbox_row,
    seal,
    send,
    set_status,
    unseal,
    unseal_json,
)

log = logging.getLogger("convene.registration")
WITHDRAWABLE = {"received", "under_review", "eligible", "selected", "waitlisted", "confirmed"}


def _mine(token: str, purpose: str = "self", hold: bool = False) -> Registration:
    """The token's registration; with `hold`, read under its track's lock (`seats`), for
    a change that frees or keeps a seat (withdraw, erase, confirm): a double click or a
    secretariat's action at the same moment then sees this one's outcome."""
    registration_id, version = links.read(token, purpose)
    reg = db.session.get(Registration, registration_id)
    if reg is not None and hold:
        seats.hold([reg])
    if reg is None or reg.erased_at is not None or reg.link_version != version:
        raise NotFound("This link is not valid or has expired. Ask for a new one.")
    return reg


def person_view(reg: Registration) -> dict:
    """Everything held about the person, as they may see and download it."""
    details = unseal_json(reg, "details_enc")
    return {
        "id": str(reg.id),
        "reference": reg.reference,
        "event": reg.event_key,
        "event_title": reg.event.title_in(reg.language),
        "event_titles": dict(reg.event.titles or {}),
        "track": reg.track_key,
        "kind": reg.kind,
        "status": reg.status,
        "status_reason": reg.status_reason,
        "name": unseal(reg, "name_enc"),
        "email": unseal(reg, "email_enc"),
        "phone": unseal(reg, "phone_enc"),
        "organisation": unseal(reg, "organisation_enc"),
        "organisation_website": details.get("organisation_website", ""),
        "migrant_led": reg.migrant_led,
        "category": reg.category,
        "country": reg.country,
        "subregion": reg.subregion,
        "gender": reg.gender,
        "age_band": reg.age_band,
        "languages": [c for c in reg.languages.split(",") if c],
        "language": reg.language,
        "accessibility_needs": details.get("accessibility_needs", ""),
        "interpretation_needs": details.get("interpretation_needs", ""),
        "statement": details.get("statement", ""),
        "interest_roles": details.get("interest_roles", []),
        "focal_point": unseal_json(reg, "focal_point_enc"),
        "nominator": unseal_json(reg, "nominator_enc"),
        "consents": {c.kind: c.granted for c in current_consents(reg)},
        "consent_history": [
            {
                "kind": c.kind,
                "granted": c.granted,
                "wording": c.wording_version,
                "at": c.at.isoformat(),
            }
            for c in reg.consents
        ],
        "created_at": reg.created_at.isoformat(),
    }


def current_consents(reg: Registration) -> list[Consent]:
    latest: dict[str, Consent] = {}
    for consent in reg.consents:
        latest[consent.kind] = consent
    return [latest[k] for k in CONSENTS if k in latest]


def view(token: str, claims: Claims) -> dict:
    reg = _mine(token)
    audit("registrant", "registration.self_view", "registration", reg.id)
    db.session.commit()
    # When the secretariat opened the record, and why: the person sees their trail.
    return {**person_view(reg), "openings": audit_trail.openings(reg.id)}


def correct(token: str, data: dict, claims: Claims) -> dict:
    reg = _mine(token)
    if reg.status == "withdrawn":
        raise Conflict("This registration was withdrawn; register again to take part.")
    for field in ("name", "phone", "organisation"):
        if field in data:
            setattr(reg, f"{field}_enc", seal(reg, f"{field}_enc", data[field]))
    if "language" in data:
        reg.language = data["language"]
    details = unseal_json(reg, "details_enc")
    details.update(details_of({k: v for k, v in data.items() if k in _DETAIL_FIELDS}))
    for field in _DETAIL_FIELDS:
        if field in data and not data[field]:
            details.pop(field, None)
    reg.details_enc = seal(reg, "details_enc", details)
    if "consents" in data:
        now = utcnow()
        current = {c.kind: c.granted for c in current_consents(reg)}
        for kind, granted in data["consents"].items():
            if current.get(kind) != granted:
                reg.consents.append(
                    Consent(
                        kind=kind, granted=granted, wording_version=data["consent_wording"], at=now
                    )
                )
                if kind == "updates":  # the mailer subscribes, or unsubscribes, them
                    send("registration.updates" if granted else WITHDRAWN, reg)
    audit("registrant", "registration.self_correct", "registration", reg.id)
    db.session.commit()
    return person_view(reg)


_DETAIL_FIELDS = (
    "organisation_website",
    "accessibility_needs",
    "interpretation_needs",
    "statement",
)


def withdraw(token: str, claims: Claims) -> dict:
    reg = _mine(token, hold=True)
    if reg.status not in WITHDRAWABLE:
        raise Conflict("This registration cannot be withdrawn now.")
    freed = reg.status in ("selected", "confirmed")
    set_status(reg, "withdrawn", "registrant")
    send("registration.withdrawn", reg)  # so a withdrawal nobody meant is noticed
    if freed:
        promote_next(reg, "system")
    audit("registrant", "registration.withdraw", "registration", reg.id)
    db.session.commit()
    log.info("event=registration.withdrawn id=%s", reg.id)
    return person_view(reg)


def confirm_participation(token: str, claims: Claims) -> dict:
    reg = _mine(token, hold=True)
    if reg.status != "selected":
        raise Conflict("Only a selected registration can be confirmed.")
    set_status(reg, "confirmed", "registrant")
    if reg.event.stream_url and reg.kind == "observer":
        send("registration.join_details", reg)
    audit("registrant", "registration.confirm", "registration", reg.id)
    db.session.commit()
    return person_view(reg)


def promote_next(freed: Registration, actor: str) -> Registration | None:
    """Give a freed place to the longest-waiting person of the same track, under the
    track's lock, if a place is still free (the secretariat may have filled it)."""
    seats.lock(freed.event_key, freed.track_key)
    if seats.free(freed.event, freed.track_key) == 0:
        return None
    nxt = db.session.scalar(
        select(Registration)
        .where(
            Registration.event_key == freed.event_key,
            Registration.track_key == freed.track_key,
            Registration.status == "waitlisted",
            Registration.erased_at.is_(None),
        )
        .order_by(Registration.created_at)
        .limit(1)
        .execution_options(populate_existing=True)
    )
    if nxt is not None:
        set_status(nxt, "selected", actor, "promoted from the waiting list")
        send("registration.promoted", nxt)
    return nxt


def export(token: str, claims: Claims) -> dict:
    reg = _mine(token)
    audit("registrant", "registration.self_export", "registration", reg.id)
    db.session.commit()
    return person_view(reg)


def erase(token: str, claims: Claims) -> dict:
    """Remove the personal data and its index for good; the aggregate columns stay."""
    reg = _mine(token, hold=True)
    freed = reg.status in ("selected", "confirmed")
    ledger().record("registration", reg.id)  # first: it outlives any restore
    erasures.erase_record(reg, "registrant", "erased by the registrant")
    if freed:
        promote_next(reg, "system")
    audit("registrant", "registration.erase", "registration", reg.id)
    db.session.commit()
    log.info("event=registration.erased id=%s", reg.id)
    return {"status": "erased", "count": 1}


def request_link(data: dict, claims: Claims) -> dict:
    """E-mail the links to this address's registrations in the event, if any.

    The answer is the same whether or not the address is registered. Asking never
    revokes a link already sent: anyone who knows an address may ask, and revoking
    would let them cut its owner off. A registration's link goes out at most once per
    `link_cooldown_minutes`, claimed with a conditional UPDATE so that two requests at
    once send one mail; the mailer adds its limit per address and day.
    """
    event = get_event(data["event"])
    digest = index().digest(data["email"], scope=event.key)
    now = utcnow()
    cooldown = timedelta(minutes=current_app.extensions["convene_config"].link_cooldown_minutes)
    ids = db.session.scalars(
        select(Registration.id).where(
            Registration.event_key == event.key, Registration.email_index == digest
        )
    ).all()
    for registration_id in ids:
        claimed = db.session.execute(
            update(Registration)
            .where(
                Registration.id == registration_id,
                or_(
                    Registration.link_sent_at.is_(None), Registration.link_sent_at <= now - cooldown
                ),
            )
            .values(link_sent_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed:
            db.session.add(OutboxMessage(**outbox_row("registration.link", registration_id, now)))
    db.session.commit()
    return {"status": "sent_if_registered", "count": 0}


def third_party(token: str, purpose: str) -> Registration:
    registration_id, version = links.read(token, purpose)
    reg = db.session.get(Registration, registration_id)
    if reg is None or reg.erased_at is not None:
        raise NotFound("This link is not valid or has expired.")
    return reg


def third_party_view(token: str, purpose: str) -> dict:
    """What the focal point, guardian or nominee is asked to confirm. The e-mail carries
    nothing the registrant typed; this page, behind the recipient's own link, shows who
    asks (and, to a nominee, who nominated them)."""
    reg = third_party(token, purpose)
    view = {
        # In the registrant's language (the link's); the page picks its own from the map.
        "event_title": reg.event.title_in(reg.language),
        "event_titles": dict(reg.event.titles or {}),
        "applicant_name": unseal(reg, "name_enc"),
        "organisation": unseal(reg, "organisation_enc"),
        "done": bool(_done_at(reg, purpose)),
    }
    if purpose == "accept":
        nominator = unseal_json(reg, "nominator_enc")
        view["nominator"] = {k: nominator.get(k, "") for k in ("name", "organisation")}
    return view


def _done_at(reg: Registration, purpose: str):
    return {
        "authorise": reg.authorised_at,
        "guardian": reg.guardian_consented_at,
        "accept": reg.nominee_accepted_at,
    }[purpose]


def third_party_confirm(token: str, purpose: str) -> dict:
    """The focal point authorises, the guardian consents, or the nominee accepts."""
    reg = third_party(token, purpose)
    if not _done_at(reg, purpose):
        now = utcnow()
        if purpose == "authorise":
            reg.authorised_at = now
            reg.criteria = {**(reg.criteria or {}), "authorised": True}
        elif purpose == "guardian":
            reg.guardian_consented_at = now
        else:
            reg.nominee_accepted_at = now
            # Accepted, the nomination is their registration: the usual receipt, with its
            # reference and the link to "my registration".
            send("registration.receipt", reg)
        audit(purpose, f"registration.{purpose}", "registration", reg.id)
        db.session.commit()
    return third_party_view(token, purpose)
