"""Selections of an event: set up, run in the worker, draw with the committed seed, decide.

The secretariat sets up roles (a track and its seats each), quotas (or starts from the
defaults), an organisation cap, reserved seats and exclusions, and sees at once whether
some panel can keep the quotas. Queuing the run commits to a seed (its SHA-256 is shown);
the worker computes the LEXIMIN probabilities and the panel; committing the draw reveals
the seed and the panel; deciding sets statuses and sends the decision e-mails. Every
step is audited; every call is limited to the caller's regions.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from services.common.auth import Claims
from services.common.db import utcnow, uuid7
from services.common.errors import Conflict, Invalid, NotFound

from . import observers, registrations, seats
from .extensions import db
from .models import SELECTION_FEATURES, Registration, Selection
from .selection import inputs
from .selection.defaults import default_quotas
from .selection.draw import new_seed, replacement, seed_hash
from .selection.problem import Person, PoolTooSmall, Problem, Quota, SelectionError
from .selection.run import check
from .services import actor_of, audit, get_event, reviewed_event, send, set_status, unseal

POOL_STATUS = "eligible"
# After the decisions the rest of the pool is "not selected": still there for replacements.
REPLACEMENT_POOL = (POOL_STATUS, "not_selected", "waitlisted")
SEATED = ("selected", "confirmed")
DEFAULT_QUOTA_FEATURES = [f for f in SELECTION_FEATURES if f != "country"]  # too many values


def _one(selection_id: uuid.UUID, claims: Claims) -> Selection:
    found = db.session.get(Selection, selection_id)
    if found is None:
        raise NotFound("There is no such selection.")
    reviewed_event(found.event_key, claims)
    return found


def features_of(reg: Registration) -> dict[str, str]:
    values = {f: str(getattr(reg, f) or "") for f in SELECTION_FEATURES}
    values["migrant_led"] = "yes" if reg.migrant_led else "no"
    return values


def _pool(event_key: str, roles: dict, statuses=(POOL_STATUS,)) -> list[Registration]:
    tracks = {spec["track"] for spec in roles.values()}
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_key == event_key,
                Registration.track_key.in_(tracks),
                Registration.status.in_(statuses),
                Registration.erased_at.is_(None),
            )
            .order_by(Registration.id)
            .execution_options(populate_existing=True)  # fresh under `seats.lock`
        )
    )


def problem_for(selection: Selection, statuses=(POOL_STATUS,)) -> Problem:
    """The selection's inputs over its eligible pool. Organisation names (personal data,
    sealed) are opened only when a cap per organisation needs them."""
    roles = selection.roles
    capped = selection.organisation_cap is not None
    people = []
    for reg in _pool(selection.event_key, roles, statuses):
        takes = tuple(role for role, spec in roles.items() if spec["track"] == reg.track_key)
        organisation = unseal(reg, "organisation_enc") if capped else ""
        people.append(Person(str(reg.id), features_of(reg), takes, organisation.casefold()))
    return Problem(
        people=people,
        seats={role: int(spec["seats"]) for role, spec in roles.items()},
        quotas=[
            Quota(q["feature"], q["value"], q["min"], q["max"], q["role"]) for q in selection.quotas
        ],
        organisation_cap=selection.organisation_cap,
        reserved={str(k): v for k, v in selection.reserved.items()},
        excluded=frozenset(str(x) for x in selection.excluded),
    )


def defaults(event_key: str, track: str, seats: int, role: str, claims: Claims) -> list[dict]:
    reviewed_event(event_key, claims)
    people = [
        Person(str(r.id), features_of(r), (role,))
        for r in _pool(event_key, {role: {"track": track}})
    ]
    return [
        {"role": q.role, "feature": q.feature, "value": q.value, "min": q.min, "max": q.max}
        for q in default_quotas(people, seats, DEFAULT_QUOTA_FEATURES, role)
    ]


def of_event(event_key: str, claims: Claims) -> list[dict]:
    """The event's selections, newest first (no results: open one to see them)."""
    reviewed_event(event_key, claims)
    found = db.session.scalars(
        select(Selection)
        .where(Selection.event_key == event_key)
        .order_by(Selection.created_at.desc())
    )
    return [
        {
            "id": str(s.id),
            "name": s.name,
            "status": s.status,
            "seats": sum(int(spec["seats"]) for spec in s.roles.values()),
            "seed_sha256": s.seed_sha256,
            "created_at": s.created_at.isoformat(),
        }
        for s in found
    ]


def _set_up(event_key: str, data: dict, claims: Claims) -> Selection:
    seed = new_seed()
    return Selection(
        id=uuid7(),
        event_key=event_key,
        name=data["name"],
        roles=data["roles"],
        quotas=data["quotas"],
        organisation_cap=data.get("organisation_cap"),
        reserved=dict(
            zip(
                registrations.ids_of(event_key, data.get("reserved", {}), "reserved"),
                data.get("reserved", {}).values(),
                strict=True,
            )
        ),
        excluded=registrations.ids_of(event_key, data.get("excluded", []), "excluded"),
        status="queued",
        seed=seed,
        seed_sha256=seed_hash(seed),
        progress={},
        result={},
        error="",
        created_by=actor_of(claims),
    )


def _feasibility(selection: Selection) -> tuple[dict, Problem]:
    """The pool's size and, when no panel keeps the quotas, the conflict and its
    relaxation; and the problem they were found for."""
    try:
        problem = problem_for(selection)
        diagnosis = check(problem)
    except PoolTooSmall as exc:  # no quota to relax: say which role lacks people
        tracks = {role: spec["track"] for role, spec in selection.roles.items()}
        short = [{**s, "track": tracks.get(s["role"])} for s in exc.shortfalls]
        raise Invalid(str(exc), errors={"pool": short}) from exc
    except SelectionError as exc:
        raise Invalid(str(exc)) from exc
    found = {"pool": len(problem.people), "feasible": diagnosis is None}
    if diagnosis is not None:
        found.update(
            message=diagnosis.message(),
            quotas=[q.label for q in diagnosis.conflicting],
            relaxation=diagnosis.changes(),
        )
    return found, problem


def feasibility(event_key: str, data: dict, claims: Claims) -> dict:
    """Whether some panel keeps every quota, before anything is queued or stored."""
    reviewed_event(event_key, claims)
    return _feasibility(_set_up(event_key, data, claims))[0]


def create(event_key: str, data: dict, claims: Claims) -> dict:
    """Set up and queue a selection, or refuse it with the conflicting quotas named."""
    reviewed_event(event_key, claims)
    selection = _set_up(event_key, data, claims)
    found, problem = _feasibility(selection)
    if not found["feasible"]:
        raise Invalid(
            found["message"],
            errors={"quotas": found["quotas"], "relaxation": found["relaxation"]},
        )
    # The run reads this very file: its hash, committed now beside the seed's, lets
    # observers who are handed the file check the draw (see `observers.hand_over`).
    selection.inputs = inputs.dump(problem)
    selection.inputs_sha256 = inputs.digest(selection.inputs)
    db.session.add(selection)
    audit(claims, "selection.queue", "selection", selection.id)
    db.session.commit()
    return view(selection)


def view(selection: Selection) -> dict:
    revealed = selection.status in ("drawn", "decided")
    result = dict(selection.result)
    roles = result.pop("roles", {})
    if revealed:  # the panel is fixed by the seed: it stays hidden until the draw
        result.update(roles=roles, panel=sorted(roles))
    return {
        "id": str(selection.id),
        "event": selection.event_key,
        "name": selection.name,
        "status": selection.status,
        "roles": selection.roles,
        "quotas": selection.quotas,
        "organisation_cap": selection.organisation_cap,
        "seed_sha256": selection.seed_sha256,
        "inputs_sha256": selection.inputs_sha256,
        "committed_at": selection.created_at.isoformat(),
        "seed": selection.seed if revealed else None,
        "progress": selection.progress,
        "result": result,
        "error": selection.error,
        "handovers": observers.handovers(selection.id),
    }


def get(selection_id: uuid.UUID, claims: Claims) -> dict:
    return view(_one(selection_id, claims))


def _advance(selection: Selection, allowed: tuple, status: str, refusal: str, claims) -> dict:
    """Move `selection` to `status` if it is in one of `allowed`, audited; else 409."""
    if selection.status not in allowed:
        raise Conflict(refusal)
    selection.status = status
    audit(claims, f"selection.{status}", "selection", selection.id)
    db.session.commit()
    return view(selection)


def cancel(selection_id: uuid.UUID, claims: Claims) -> dict:
    refusal = "Only a queued or running selection can be cancelled."
    return _advance(_one(selection_id, claims), ("queued", "running"), "cancelled", refusal, claims)


def draw(selection_id: uuid.UUID, claims: Claims) -> dict:
    """Commit the draw: the seed and the panel it gives are revealed."""
    refusal = "The selection has not finished running."
    return _advance(_one(selection_id, claims), ("ready",), "drawn", refusal, claims)


def _hold_tracks(selection: Selection) -> None:
    """The selection's tracks locked (`seats`), and the selection read again under them:
    decisions and replacements fill seats, as the secretariat's actions do."""
    for track in sorted({spec["track"] for spec in selection.roles.values()}):
        seats.lock(selection.event_key, track)
    db.session.refresh(selection)


def _refuse_overfill(selection: Selection, regs: list[Registration]) -> None:
    """409 when seating `regs` would put more people on a track than it has places."""
    event = get_event(selection.event_key)
    wanted: dict[str, int] = {}
    for reg in regs:
        wanted[reg.track_key] = wanted.get(reg.track_key, 0) + 1
    for track, count in sorted(wanted.items()):
        free = seats.free(event, track)
        if free is not None and count > free:
            raise Conflict(
                f"The track {track} has {free} free places; this would seat {count}. "
                "Free places, or raise the track's capacity, first."
            )


def decide(selection_id: uuid.UUID, claims: Claims) -> dict:
    """Selected for the panel, not selected for the rest of the pool; decision e-mails."""
    selection = _one(selection_id, claims)
    _hold_tracks(selection)
    refusal = "Commit the draw before sending decisions."
    if selection.status != "drawn":
        raise Conflict(refusal)
    chosen = selection.result.get("roles", {})
    actor = actor_of(claims)
    pool = _pool(selection.event_key, selection.roles)
    _refuse_overfill(selection, [reg for reg in pool if str(reg.id) in chosen])
    for reg in pool:
        picked = str(reg.id) in chosen
        set_status(
            reg, "selected" if picked else "not_selected", actor, f"selection {selection.name}"
        )
        send("registration.decision", reg)
    return _advance(selection, ("drawn",), "decided", refusal, claims)


def replace(selection_id: uuid.UUID, withdrawn: str, claims: Claims) -> dict:
    """Someone for a withdrawn person's seat, keeping every quota; seed recorded."""
    selection = _one(selection_id, claims)
    _hold_tracks(selection)
    if selection.status not in ("drawn", "decided"):
        raise Conflict("Replacements are drawn after the draw.")
    seated = dict(selection.result.get("roles", {}))
    if withdrawn not in seated:
        raise Invalid("This person is not on the panel.")
    problem = problem_for(selection, REPLACEMENT_POOL + SEATED)
    free = {str(r.id) for r in _pool(selection.event_key, selection.roles, REPLACEMENT_POOL)}
    people = {p.id: p for p in problem.people}
    for pid in seated:
        if pid not in people:  # withdrawn or no longer eligible: known by registration
            reg = db.session.get(Registration, uuid.UUID(pid))
            people[pid] = Person(pid, features_of(reg))
    candidates = {
        pid: p.features
        for pid, p in people.items()
        if pid in free and pid not in seated and pid not in problem.excluded
    }
    seed = new_seed()
    chosen = replacement(
        seated,
        withdrawn,
        candidates,
        {pid: people[pid].features for pid in seated},
        problem.quotas,
        seed,
        {pid: p.organisation for pid, p in people.items()},
        problem.organisation_cap,
    )
    if chosen is None:
        raise Invalid("Nobody in the pool keeps every quota in this seat; relax a quota.")
    role = seated.pop(withdrawn)
    seated[chosen] = role
    record = {
        "withdrawn": withdrawn,
        "chosen": chosen,
        "seed": seed,
        "seed_sha256": seed_hash(seed),
        "at": utcnow().isoformat(),
    }
    selection.result = {
        **selection.result,
        "roles": dict(sorted(seated.items())),
        "replacements": [*selection.result.get("replacements", []), record],
    }
    if selection.status == "decided":
        reg = db.session.get(Registration, uuid.UUID(chosen))
        _refuse_overfill(selection, [reg])
        set_status(reg, "selected", actor_of(claims), f"replacement in {selection.name}")
        send("registration.decision", reg)
    audit(claims, "selection.replace", "selection", selection.id)
    db.session.commit()
    return view(selection)


def panel(selection_id: uuid.UUID, claims: Claims) -> list[dict]:
    """Who holds the seats after the draw, names opened (audited): for replacements."""
    selection = _one(selection_id, claims)
    if selection.status not in ("drawn", "decided"):
        raise Conflict("The panel is known once the draw is committed.")
    seats = selection.result.get("roles", {})
    rows = db.session.scalars(
        select(Registration).where(Registration.id.in_([uuid.UUID(pid) for pid in seats]))
    )
    people = [
        {
            "id": str(reg.id),
            "role": seats[str(reg.id)],
            "name": unseal(reg, "name_enc"),
            "organisation": unseal(reg, "organisation_enc"),
            "status": reg.status,
            **features_of(reg),
        }
        for reg in rows
    ]
    audit(claims, "selection.panel_view", "selection", selection.id, reason="selection panel")
    db.session.commit()
    return sorted(people, key=lambda p: (p["role"], p["name"].casefold()))
