"""The secretariat's queue: filters, counts, details (opened with a reason), actions,
exports and the balance panel. The caller's regions are checked on every call: another
region's record is refused and never counted."""

from __future__ import annotations

import io
import uuid

from sqlalchemy import select

from services.common.auth import Claims
from services.common.crypto import normalise
from services.common.errors import Conflict, Forbidden, Invalid, NotFound
from services.common.spreadsheets import writer as csv_writer

from . import seats
from .decisions import TRANSITIONS, blockers, missing_criteria, options
from .extensions import db
from .models import Event, Note, Registration, StatusChange
from .selfservice import current_consents, person_view
from .services import actor_of, audit, reviewed_event, seal, send, set_status, unseal

FILTERS = ("status", "category", "subregion", "country", "gender", "age_band", "migrant_led")
FEATURES = ("category", "subregion", "gender", "age_band", "migrant_led")


def _scoped(claims: Claims, event: str | None = None, region: str | None = None):
    """Registrations the caller may see: their regions only, never erased ones."""
    if region and not claims.may_see_region(region):
        raise Forbidden("You do not review this region.")
    query = (
        select(Registration)
        .join(Event)
        .where(Event.region.in_(claims.regions), Registration.erased_at.is_(None))
    )
    if region:
        query = query.where(Event.region == region)
    if event:
        reviewed_event(event, claims)
        query = query.where(Registration.event_key == event)
    return query


def criteria_met(reg: Registration) -> bool:
    """The guidance's three criteria for speaking from the floor, as checked so far."""
    return not missing_criteria(reg)


def queue(claims: Claims, args: dict) -> dict:
    query = _scoped(claims, args.get("event"), args.get("region"))
    if args.get("track"):
        query = query.where(Registration.track_key == args["track"])
    for name in FILTERS:
        if args.get(name) is not None:
            query = query.where(getattr(Registration, name) == args[name])
    rows = db.session.scalars(query.order_by(Registration.created_at)).all()
    if args.get("criteria_met") is not None:
        rows = [r for r in rows if criteria_met(r) == args["criteria_met"]]
    counts: dict[str, int] = {}
    for reg in rows:
        counts[reg.status] = counts.get(reg.status, 0) + 1
    page = rows[args["offset"] : args["offset"] + args["limit"]]
    taken: dict = {}  # places taken per track, counted once for the page
    items = [summary(reg, taken) for reg in page]
    if page:
        audit(claims, "registration.list", "event", args.get("event") or "*", "queue page")
        db.session.commit()
    return {"total": len(rows), "counts": counts, "items": items}


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
        "criteria_met": criteria_met(reg),
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


EXPORT_ALWAYS = ("track", "status", "category", "country", "subregion")


def export_csv(claims: Claims, args: dict) -> str:
    """A participant list that includes only what each participant consented to share:
    name and organisation with "appear in the published list", e-mail and phone with
    "share my contact with other participants". No cell starts a formula
    (`common.spreadsheets`): the registrant wrote these texts."""
    query = _scoped(claims, args["event"]).where(Registration.status.in_(_wanted(args)))
    if args.get("track"):
        query = query.where(Registration.track_key == args["track"])
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["name", "organisation", "email", "phone", *EXPORT_ALWAYS])
    rows = db.session.scalars(query.order_by(Registration.created_at)).all()
    for reg in rows:
        consents = {c.kind: c.granted for c in current_consents(reg)}
        listed, shared = consents.get("public_listing"), consents.get("share_contact")
        writer.writerow(
            [
                unseal(reg, "name_enc") if listed else "",
                unseal(reg, "organisation_enc") if listed else "",
                unseal(reg, "email_enc") if shared else "",
                unseal(reg, "phone_enc") if shared else "",
                reg.track_key,
                reg.status,
                reg.category,
                reg.country,
                reg.subregion,
            ]
        )
    audit(claims, "registration.export", "event", args["event"], f"{len(rows)} rows")
    db.session.commit()
    return out.getvalue()


def _wanted(args: dict) -> tuple[str, ...]:
    status = args.get("status") or "selected"
    return ("selected", "confirmed") if status == "selected" else (status,)


def balance(event_key: str, claims: Claims) -> dict:
    """Per feature value: the pool (eligible or further), and those selected or confirmed."""
    query = _scoped(claims, event_key)
    rows = db.session.scalars(query).all()
    pool_statuses = {"eligible", "selected", "waitlisted", "not_selected", "confirmed"}
    result: dict[str, dict[str, dict[str, int]]] = {}
    for feature in FEATURES:
        table: dict[str, dict[str, int]] = {}
        for reg in rows:
            value = str(getattr(reg, feature))
            cell = table.setdefault(value, {"registered": 0, "pool": 0, "selected": 0})
            cell["registered"] += 1
            cell["pool"] += reg.status in pool_statuses
            cell["selected"] += reg.status in ("selected", "confirmed")
        result[feature] = table
    return result
