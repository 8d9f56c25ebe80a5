"""The secretariat's decisions: which action leads from which status, and what must be true
before it is taken.

One set of rules answers three questions, so the CMS never repeats them: which actions a
record offers now (`options`, in every queue row and detail), why one action is refused on
a record (`refusal`, the 409 of a single action) and why a record was skipped by a bulk
action. Each reason has a stable `code` the admin names in its own language, and an
English `message` for other clients.
"""

from __future__ import annotations

from . import seats
from .models import FLOOR, NOMINATION, Registration, unmet_criteria

# action → (statuses it may start from, status it leads to, whether it e-mails a decision)
TRANSITIONS = {
    "start_review": ({"received"}, "under_review", False),
    "eligible": ({"received", "under_review", "ineligible"}, "eligible", False),
    "ineligible": ({"received", "under_review", "eligible"}, "ineligible", True),
    "select": ({"eligible", "waitlisted", "not_selected"}, "selected", True),
    "waitlist": ({"eligible", "not_selected"}, "waitlisted", True),
    "not_select": ({"eligible", "waitlisted"}, "not_selected", True),
    "promote": ({"waitlisted"}, "selected", False),
    "confirm": ({"selected"}, "confirmed", False),
}
# The guidance's three criteria for speaking from the floor, in the order they are named.
CRITERIA = {
    "authorised": "the focal point has not authorised the request yet",
    "category": "representing a relevant stakeholder entity is not checked",
    "expertise": "expertise in migration is not checked",
}
# What must happen before an action is possible from a status it cannot start from.
FIRST = {
    "select": "find it eligible first",
    "waitlist": "find it eligible first",
    "not_select": "find it eligible first",
    "eligible": "it was already decided",
    "ineligible": "it was already decided",
    "start_review": "its review has already started",
    "promote": "only a registration on the waiting list can be promoted",
    "confirm": "only a selected registration can be confirmed",
}


def _reason(code: str, message: str, **extra) -> dict:
    return {"code": code, "message": message, **extra}


def missing_criteria(reg: Registration) -> list[str]:
    """The floor-speaker criteria not met yet (none for other tracks)."""
    return unmet_criteria(reg.kind, reg.criteria, reg.authorised_at)


def _taken(reg: Registration, cache: dict | None) -> int:
    key = (reg.event_key, reg.track_key)
    if cache is not None and key in cache:
        return cache[key]
    taken = seats.taken(reg.event_key, reg.track_key)
    if cache is not None:
        cache[key] = taken
    return taken


def blockers(reg: Registration, action: str, cache: dict | None = None) -> list[dict]:
    """Why `action` cannot be taken on `reg` now: every reason, or [] when it can.

    Before acting on the answer, hold the track (`seats.hold`): a capacity counted
    without the lock can be taken by another request before the status is written."""
    if action == "note":
        return []
    if action == "check_criteria":
        if reg.kind == FLOOR:
            return []
        message = "Only requests to speak from the floor have criteria."
        return [_reason("not_floor_speaker", message)]
    allowed, target, _tell = TRANSITIONS[action]
    if reg.status not in allowed:
        message = (
            f"A registration that is {reg.status.replace('_', ' ')} cannot be moved to "
            f"{target.replace('_', ' ')}: {FIRST[action]}."
        )
        return [_reason("status", message, status=reg.status)]
    found = []
    if target in ("eligible", "selected"):
        if reg.kind == NOMINATION and not reg.nominee_accepted_at:
            found.append(
                _reason("nominee_not_accepted", "The nominee has not accepted the nomination yet.")
            )
        if reg.age_band == "under_18" and not reg.guardian_consented_at:
            found.append(
                _reason("guardian_consent_missing", "A parent or guardian has not consented yet.")
            )
        for criterion in missing_criteria(reg):
            message = f"Speaking from the floor: {CRITERIA[criterion]}."
            found.append(_reason(f"criterion_{criterion}", message))
    if target == "selected" and not found:
        capacity = seats.capacity(reg.event, reg.track_key)
        taken = _taken(reg, cache) if capacity is not None else 0
        if capacity is not None and taken >= capacity:
            found.append(
                _reason(
                    "track_full",
                    f"The track is full ({taken} of {capacity} places); "
                    "waitlist instead, or free a place.",
                    taken=taken,
                    capacity=capacity,
                )
            )
    return found


def options(reg: Registration, cache: dict | None = None) -> list[dict]:
    """The decisions a record's status leads to, each possible now or with its blockers.

    Actions its status cannot start from are left out: the admin offers only these."""
    found = []
    for action, (allowed, target, _tell) in TRANSITIONS.items():
        if reg.status not in allowed:
            continue
        reasons = blockers(reg, action, cache)
        found.append(
            {"action": action, "target": target, "possible": not reasons, "blockers": reasons}
        )
    return found
