"""The draw's input file for accredited observers: who handed it to whom, and when.

The public report publishes the file's SHA-256 and the revealed seed, not the file (small
groups could identify people). An observer handed the file checks that it hashes to the
commitment and that the selection program, run on it with the seed, gives the same panel.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from services.common.auth import Claims
from services.common.errors import Conflict

from .extensions import db
from .models import AuditEntry
from .services import audit

HANDOVER = "selection.inputs_handover"


def handovers(selection_id) -> list[dict]:
    """Who handed the input file to which observer, and when (from the audit trail)."""
    rows = db.session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.action == HANDOVER,
            AuditEntry.object_type == "selection",
            AuditEntry.object_id == str(selection_id),
        )
        .order_by(AuditEntry.at)
    )
    return [{"by": r.actor, "to": r.reason, "at": r.at.isoformat()} for r in rows]


def hand_over(selection_id: uuid.UUID, observer: str, claims: Claims) -> dict:
    """The exact input file for an accredited observer, the hand-over audited (who, to
    whom, when). After the draw, the panel's pseudonymous ids come with it, to compare
    with what the file and the revealed seed give."""
    from .selections import _one  # selections imports this module for `handovers`

    selection = _one(selection_id, claims)
    if not selection.inputs:
        raise Conflict("This selection was set up before input files were kept.")
    if selection.status == "cancelled":
        raise Conflict("A cancelled selection draws nobody: there is nothing to check.")
    audit(claims, HANDOVER, "selection", selection.id, reason=observer.strip())
    db.session.commit()
    revealed = selection.status in ("drawn", "decided")
    return {
        "filename": f"selection-{selection.id}-inputs.json",
        "inputs": selection.inputs,
        "inputs_sha256": selection.inputs_sha256,
        "panel": sorted(selection.result.get("roles", {})) if revealed else None,
    }
