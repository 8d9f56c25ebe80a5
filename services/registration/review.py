"""The secretariat's queue: filters, counts, details (opened with a reason), actions,
exports and the balance panel. The caller's regions are checked on every call: another
region's record is refused and never counted."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from services.common.auth import Claims
from services.common.crypto import normalise
from services.common.errors import Conflict, Forbidden, Invalid, NotFound

from . import seats
from .decisions import TRANSITIONS, blockers, missing_criteria, options
from .extensions import db
from .models import COUNTED, STATUSES, Event, Note, Registration, StatusChange
from .seats import SEATED
from .selfservice import person_view
from .services import actor_of, audit, reviewed_event, seal, send, set_status, unseal

FILTERS = ("status", "category", "subregion", "country", "gender", "age_band", "migrant_led")
FEATURES = COUNTED[1:]  # "category", "subregion", "gender", "age_band", "migrant_led"
POOL = ("eligible", "selected", "waitlisted", "not_selected", "confirmed")


def _scoped(claims: Claims, event: str | None = None, region: str | None = None, *columns):
    """Registrations the caller may see: their regions only, never erased ones (selecting
    `columns` when given, else the registrations themselves)."""
    if region and not claims.may_see_region(region):
        raise Forbidden("You do not review this region.")
    query = (
        select(*(columns or (Registration,)))
        .select_from(Registration)
        .join(Event, Event.key == Registration.event_key)
        .where(Event.region.in_(claims.regions), Registration.erased_at.is_(None))
    )
    if region:
        query = query.where(Event.region == region)
    if event:
        reviewed_event(event, claims)
        query = query.where(Registration.event_key == event)
    return query


def _filtered(query, args: dict):
    if args.get("track"):
        query = query.where(Registration.track_key == args["track"])
    for name in FILTERS:
        if args.get(name) is not None:
            query = query.where(getattr(Registration, name) == args[name])
    if args.get("criteria_met") is not None:
        query = query.where(Registration.criteria_met.is_(args["criteria_met"]))
    return query


def criteria_met(reg: Registration) -> bool:
    """The guidance's three criteria for speaking from the floor, as checked so far."""
    return not missing_criteria(reg)


def queue(claims: Claims, args: dict) -> dict:
    """One page of the queue and its counts per status. The counts are SQL aggregates and
    the page is read by the event's index in order of arrival, so the first page costs
    the same with a hundred registrations or a hundred thousand."""
    event, region = args.get("event"), args.get("region")
    counted = _filtered(_scoped(claims, event, region, Registration.status, func.count()), args)
    found = dict(db.session.execute(counted.group_by(Registration.status)).all())
    counts = {status: found[status] for status in STATUSES if status in found}
    page = db.session.scalars(
        _filtered(_scoped(claims, event, region), args)
        .order_by(Registration.created_at, Registration.id)
        .offset(args["offset"])
        .limit(args["limit"])
    ).all()
    taken: dict = {}  # places taken per track, counted once for the page
    items = [summary(reg, taken) for reg in page]
    if page:
        audit(claims, "registration.list", "event", event or "*", "queue page")
        db.session.commit()
    return {"total": sum(counts.values()), "counts": counts, "items": items}


def summary(reg: Registration, taken: dict | None = None) -> dict:
    return {
        "id": reg.id,
        "event_key": reg.event_key,
        "track_key": reg.track_key,
        "kind": reg.kind,
        "status": reg.status,
        "created_at": reg.created_at,
        "name": unseal(reg, "name_enc"),
        "organisation": unseal(reg, "organisation_enc"),
        "category": reg.category,
        "country": reg.country,
        "subregion": reg.subregion,
        "gender": reg.gender,
        "age_band": reg.age_band,
        "migrant_led": reg.migrant_led,
        "criteria_met": reg.criteria_met,
        "criteria_missing": missing_criteria(reg),
        "region": reg.event.region,
        "actions": options(reg, taken),
    }


def _one(registration_id: uuid.UUID, claims: Claims) -> Registration:
    reg = db.session.get(Registration, registration_id)
    if reg is None or reg.erased_at is not None:
        raise NotFound("There is no such registration.")
    if not claims.may_see_region(reg.event.region):
        raise Forbidden("You do not review this registration's region.")
    return reg


def detail(registration_id: uuid.UUID, reason: str, claims: Claims) -> dict:
    """Everything about one registration, decrypted for this response; audited with why."""
    reg = _one(registration_id, claims)
    view = person_view(reg)
    history = db.session.scalars(
        select(StatusChange).where(StatusChange.registration_id == reg.id).order_by(StatusChange.id)
    ).all()
    notes = db.session.scalars(
        select(Note).where(Note.registration_id == reg.id).order_by(Note.at)
    ).all()
    result = {
        **summary(reg),
        **{k: view[k] for k in _DETAIL_KEYS},
        "criteria": reg.criteria or {},
        "authorised_at": reg.authorised_at,
        "guardian_consented_at": reg.guardian_consented_at,
        "nominee_accepted_at": reg.nominee_accepted_at,
        "status_reason": reg.status_reason,
        "consents": view["consent_history"],
        "history": [
            {"status": h.status, "reason": h.reason, "actor": h.actor, "at": h.at.isoformat()}
            for h in history
        ],
        "notes": [{"text": _open_note(n), "actor": n.actor, "at": n.at.isoformat()} for n in notes],
        "same_domain": same_domain(reg, view),
    }
    audit(claims, "registration.decrypt", "registration", reg.id, reason)
    db.session.commit()
    return result


def _domain(address: str) -> str:
    return normalise(address).rpartition("@")[2]


def same_domain(reg: Registration, view: dict) -> list[str]:
    """Who, of the focal point and the guardian, has an address at the registrant's own
    domain: the secretariat checks that they are really someone else. (The very same
    address is refused when registering.)"""
    own = _domain(view["email"])
    others = {
        "focal_point": (view.get("focal_point") or {}).get("email", ""),
        "guardian": unseal(reg, "guardian_email_enc"),
    }
    return [role for role, address in others.items() if address and _domain(address) == own]


_DETAIL_KEYS = (
    "email",
    "phone",
    "organisation_website",
    "languages",
    "language",
    "accessibility_needs",
    "interpretation_needs",
    "statement",
    "interest_roles",
    "focal_point",
    "nominator",
)


def _open_note(note: Note) -> str:
    return unseal(note, "body_enc")


def _held(regs: list[Registration], action: str) -> list[Registration]:
    """`regs` read again under their tracks' locks (`seats`), for any action but a note:
    the status, criteria and places checked next are then the ones the update sees."""
    if action == "note":
        return regs
    seats.hold(regs)
    if any(reg.erased_at is not None for reg in regs):  # erased meanwhile
        raise NotFound("There is no such registration.")
    return regs


def act(registration_id: uuid.UUID, data: dict, claims: Claims) -> dict:
    reg = _one(registration_id, claims)
    _require(data)
    _held([reg], data["action"])
    refused = blockers(reg, data["action"])
    if refused:
        raise Conflict(" ".join(r["message"] for r in refused))
    _apply(reg, data, claims)
    db.session.commit()
    return summary(reg)


def act_many(data: dict, claims: Claims) -> dict:
    """One action on several registrations: done on those it is possible for, and each
    other one skipped with its reasons (a record of another region refuses the lot)."""
    if not data["ids"]:
        raise Invalid("Choose at least one registration.", errors={"ids": ["Empty."]})
    _require(data)
    regs = _held([_one(rid, claims) for rid in dict.fromkeys(data["ids"])], data["action"])
    done, skipped = [], []
    for reg in regs:
        # Checked one by one, after the previous ones were applied: places fill up.
        refused = blockers(reg, data["action"])
        if refused:
            skipped.append({"id": reg.id, "status": reg.status, "reasons": refused})
            continue
        _apply(reg, data, claims)
        done.append(reg.id)
    db.session.commit()
    return {
        "status": "applied" if done else "nothing_done",
        "count": len(done),
        "done": done,
        "skipped": skipped,
    }


def _require(data: dict) -> None:
    if data["action"] == "ineligible" and not data["reason"]:
        raise Invalid("Say why it is ineligible.", errors={"reason": ["Required."]})
    if data["action"] == "note" and not data["note"]:
        raise Invalid("Write the note.", errors={"note": ["Empty."]})


def _apply(reg: Registration, data: dict, claims: Claims) -> None:
    """Take an action that `blockers` allowed (status, consents, criteria, capacity)."""
    action, actor = data["action"], actor_of(claims)
    if action == "note":
        note = Note(id=uuid.uuid4(), registration_id=reg.id, actor=actor)
        note.body_enc = seal(note, "body_enc", data["note"])
        db.session.add(note)
    elif action == "check_criteria":
        reg.criteria = {**(reg.criteria or {}), **data["criteria"]}
    else:
        _allowed, target, tell = TRANSITIONS[action]
        set_status(reg, target, actor, data["reason"])
        if action == "promote":
            send("registration.promoted", reg)
        elif tell:
            send("registration.decision", reg)
    audit(claims, f"registration.{action}", "registration", reg.id)


def balance(event_key: str, claims: Claims) -> dict:
    """Per feature value: the pool (eligible or further), and those selected or confirmed.

    One GROUP BY over every feature and the status, read from the index that covers it
    (`models.COUNTED`), folded here: O(groups) in Python, never O(registrations)."""
    columns = [getattr(Registration, name) for name in COUNTED]
    query = _scoped(claims, event_key, None, *columns, func.count()).group_by(*columns)
    result: dict[str, dict[str, dict[str, int]]] = {feature: {} for feature in FEATURES}
    for status, *values, n in db.session.execute(query):
        for feature, value in zip(COUNTED[1:], values, strict=True):
            table = result[feature]
            cell = table.setdefault(str(value), {"registered": 0, "pool": 0, "selected": 0})
            cell["registered"] += n
            cell["pool"] += n if status in POOL else 0
            cell["selected"] += n if status in SEATED else 0
    return {feature: dict(sorted(table.items())) for feature, table in result.items()}
