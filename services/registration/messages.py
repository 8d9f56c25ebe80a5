"""What the outbox relay sends to the mailer, built from the current state at send time.

An erased or withdrawn registration sends nothing more. Every message is in the
registrant's language; links go to the website's "my registration" and consent pages.
"""

from __future__ import annotations

import json
import uuid
import zoneinfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format
from flask import current_app

from services.common.crypto import associated_data

from . import links
from .extensions import db
from .models import Event, Registration
from .services import envelope, unseal, unseal_json

DECISIONS = {"ineligible", "selected", "waitlisted", "not_selected"}  # each has its e-mail


def _url(reg: Registration, path: str, token: str, language: str | None = None) -> str:
    base = current_app.extensions["convene_config"].public_url.rstrip("/")
    language = language or reg.language
    prefix = "" if language == "en" else f"/{language}"
    return f"{base}{prefix}/registration/{path}/{token}/"


def self_link(reg: Registration, at: float | None = None) -> str:
    return _url(reg, "mine", links.make(reg.id, "self", reg.link_version, at))


def event_when(event: Event, language: str) -> str:
    """When the meeting starts, in its own time zone with the UTC offset, written the
    reader's way: "14 janvier 2027, 10:00 (Europe/Zurich, UTC+01:00)". The same wall
    time as the website and the iCalendar feed; "-" when the event has no start."""
    if event.starts_at is None:
        return "-"
    try:
        zone = zoneinfo.ZoneInfo(event.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    try:
        locale = Locale.parse((language or "en").replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        locale = Locale("en")
    local = event.starts_at.astimezone(zone)
    offset = local.strftime("%z")
    text = (
        get_datetime_format("long", locale=locale)
        .replace("'", "")
        .replace("{0}", format_time(local, "short", tzinfo=zone, locale=locale))
        .replace("{1}", format_date(local, "long", locale=locale))
    )
    return f"{text} ({zone.key}, UTC{offset[:3]}:{offset[3:]})"


def _event_context(reg: Registration) -> dict:
    """The event as the message's reader sees it: title and time in their language."""
    return {
        "event_title": reg.event.title_in(reg.language),
        "event_when": event_when(reg.event, reg.language),
        # The mailer links the reporting page of this review, not a chooser of reviews.
        "region": reg.event.region,
    }


def _registrant(reg: Registration, template: str, at: float | None = None, **context) -> dict:
    return {
        "template": template,
        "language": reg.language,
        "to": unseal(reg, "email_enc"),
        "context": {
            "name": unseal(reg, "name_enc"),
            **_event_context(reg),
            "reference": reg.reference,
            "my_registration_url": self_link(reg, at),
            **context,
        },
    }


def _third_party(reg: Registration, template: str, to: str, at, **links_) -> dict:
    """A mail to someone the registrant named: the event and the link, nothing typed by
    the registrant (the mailer adds "never mail me again" for the recipient)."""
    context = {**_event_context(reg), **links_}
    if template == "nomination_request":  # the nominee's own page: see or erase the data
        context["my_registration_url"] = self_link(reg, at)
    return {"template": template, "language": reg.language, "to": to, "context": context}


def build(topic: str, registration_id: str, at: float | None = None) -> dict | None:
    """The mailer request for one outbox item, or None when there is nothing to send.

    Links are issued as of `at` (the item's creation), so a redelivery builds the very same
    request and the mailer's Idempotency-Key absorbs it."""
    reg = db.session.get(Registration, uuid.UUID(registration_id))
    if reg is None or reg.erased_at is not None:
        return None

    def to_registrant(person: Registration, template: str, **context) -> dict:
        return _registrant(person, template, at, **context)

    if topic == "registration.receipt":
        return to_registrant(reg, "registration_confirmation")
    if topic == "registration.link":
        return to_registrant(reg, "registration_link")
    if topic == "registration.nomination":
        # To the nominee, whose address the nominator typed: nothing the nominator typed
        # (their name and organisation, the nominee's name) goes in the mail.
        token = links.make(reg.id, "accept", reg.link_version, at)
        return _third_party(
            reg,
            "nomination_request",
            unseal(reg, "email_enc"),
            at,
            accept_url=_url(reg, "accept", token),
        )
    if topic == "registration.authorisation":
        focal = unseal_json(reg, "focal_point_enc")
        token = links.make(reg.id, "authorise", reg.link_version, at)
        return _third_party(
            reg,
            "authorisation_request",
            focal["email"],
            at,
            authorise_url=_url(reg, "authorise", token),
        )
    if topic == "registration.guardian":
        token = links.make(reg.id, "guardian", reg.link_version, at)
        return _third_party(
            reg,
            "guardian_consent_request",
            unseal(reg, "guardian_email_enc"),
            at,
            consent_url=_url(reg, "guardian", token),
        )
    if topic == "registration.withdrawn" and reg.status == "withdrawn":
        return to_registrant(reg, "registration_withdrawn")
    if reg.status == "withdrawn":
        return None
    if topic == "registration.decision" and reg.status in DECISIONS:
        return to_registrant(reg, f"decision_{reg.status}", reason=reg.status_reason or "-")
    if topic == "registration.promoted":
        return to_registrant(reg, "waitlist_promotion")
    if topic == "registration.join_details" and reg.event.stream_url:
        return to_registrant(reg, "join_details", join_url=reg.event.stream_url)
    if topic == "registration.recording" and reg.event.recording_url:
        return to_registrant(reg, "recording_link", recording_url=reg.event.recording_url)
    return None


def subscription(registration_id: str) -> dict | None:
    """The mailer subscription asked for by the "receive updates" consent."""
    reg = db.session.get(Registration, uuid.UUID(registration_id))
    if reg is None or reg.erased_at is not None:
        return None
    if not any(c.kind == "updates" and c.granted for c in reg.consents):
        return None
    return {
        "list": current_app.extensions["convene_config"].updates_list,
        "email": unseal(reg, "email_enc"),
        "name": unseal(reg, "name_enc"),
        "country": reg.country,
        "language": reg.language,
    }


WITHDRAWN = "registration.updates_withdrawn"


def forgetting(item) -> dict | None:
    """What `POST /people/forget` needs: for an erasure, the address sealed in the outbox
    item; for a withdrawal of consent to updates, the registration's address."""
    config = current_app.extensions["convene_config"]
    if item.topic == WITHDRAWN:
        reg = db.session.get(Registration, uuid.UUID(item.object_id))
        if reg is None or reg.erased_at is not None:
            return None  # erased since: the erasure tells the mailer more
        email = unseal(reg, "email_enc")
        return {"email": email, "erase": False, "lists": [config.updates_list]}
    if item.sealed is None:
        return None
    opened = json.loads(envelope().open(item.sealed, associated_data("outbox", "sealed", item.id)))
    return {"email": opened["email"], "erase": True, "lists": [config.updates_list]}
