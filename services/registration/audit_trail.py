"""The registration service's audit trail, read by an auditor.

An entry's region is its object's: a registration's, an event's or a selection's event
region. An auditor with regions sees only entries of those regions and the entries about
no such object (reads of the trail itself); an entry whose object is gone, or a queue
page across regions, only an auditor without regions sees, who sees every entry. Each
read is itself written to the trail, with its filters as reason.
"""

from __future__ import annotations

from sqlalchemy import case, or_, select

from services.common.audit_trail import READ, check_region, read_page, read_summary, uuid_matches
from services.common.auth import Claims
from services.common.errors import Forbidden

from .extensions import db
from .models import AuditEntry, Event, Registration, Selection
from .services import audit

OPENED = "registration.decrypt"
REGIONAL = ("registration", "selection", "event")


def _region():
    dialect = db.engine.dialect.name
    of_registration = (
        select(Event.region)
        .join(Registration, Registration.event_key == Event.key)
        .where(uuid_matches(AuditEntry.object_id, Registration.id, dialect))
        .scalar_subquery()
    )
    of_selection = (
        select(Event.region)
        .join(Selection, Selection.event_key == Event.key)
        .where(uuid_matches(AuditEntry.object_id, Selection.id, dialect))
        .scalar_subquery()
    )
    of_event = select(Event.region).where(Event.key == AuditEntry.object_id).scalar_subquery()
    return case(
        (AuditEntry.object_type == "registration", of_registration),
        (AuditEntry.object_type == "selection", of_selection),
        (AuditEntry.object_type == "event", of_event),
        else_=None,
    )


def read(claims: Claims, args: dict) -> dict:
    """A page of the trail in the auditor's regions; the read is audited."""
    if not check_region(claims, args):
        raise Forbidden("You do not audit this region.")
    region = _region()
    scope = None
    if claims.regions:
        # An object gone (or a listing across regions) has no region: not shown here.
        scope = or_(region.in_(sorted(claims.regions)), AuditEntry.object_type.notin_(REGIONAL))
    page = read_page(db.session, AuditEntry, args, region=region, scope=scope)
    audit(claims, READ, "audit", args.get("object_id") or "*", read_summary(args))
    db.session.commit()
    return page


def openings(registration_id) -> list[dict]:
    """When the secretariat opened a registration's personal data, by whom and why."""
    entries = db.session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.object_type == "registration",
            AuditEntry.object_id == str(registration_id),
            AuditEntry.action == OPENED,
        )
        .order_by(AuditEntry.at.desc())
    )
    return [{"at": e.at.isoformat(), "actor": e.actor, "reason": e.reason} for e in entries]
