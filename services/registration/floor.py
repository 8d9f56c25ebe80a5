"""The chair's list of floor speakers for an event."""

from __future__ import annotations

from sqlalchemy import select

from services.common.auth import Claims

from .extensions import db
from .models import FLOOR, Registration
from .selection.draw import new_seed
from .selection.order import speaking_order
from .services import audit, reviewed_event, unseal


def floor_order(event_key: str, seed: str | None, claims: Claims) -> dict:
    """The chair's list: accepted floor speakers, categories and sub-regions taking turns.

    Names and organisations are opened for this list (audited); the seed makes it
    reproducible and is returned with it.
    """
    reviewed_event(event_key, claims)
    speakers = list(
        db.session.scalars(
            select(Registration).where(
                Registration.event_key == event_key,
                Registration.kind == FLOOR,
                Registration.status.in_(("selected", "confirmed")),
                Registration.erased_at.is_(None),
            )
        )
    )
    seed = seed or new_seed()
    by_id = {str(r.id): r for r in speakers}
    order = speaking_order(
        [{"id": pid, "category": r.category, "subregion": r.subregion} for pid, r in by_id.items()],
        seed,
    )
    audit(claims, "floor_order.view", "event", event_key, reason="chair's list of speakers")
    db.session.commit()
    return {
        "seed": seed,
        "speakers": [
            {
                "id": pid,
                "name": unseal(by_id[pid], "name_enc"),
                "organisation": unseal(by_id[pid], "organisation_enc"),
                "category": by_id[pid].category,
                "subregion": by_id[pid].subregion,
            }
            for pid in order
        ],
    }
