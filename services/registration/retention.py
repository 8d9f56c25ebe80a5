"""What the registration service keeps, and for how long (`REGISTRATION_RETENTION`, days
per rule; docs/operations.md has the table). Run by the worker (services/common/retention.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from services.common import retention
from services.common.retention import Rule

from . import models
from .erasures import forget_personal
from .extensions import db
from .models import Event, Registration
from .services import audit

BATCH = 500


def _personal_after_event(cutoff: datetime) -> int:
    """Registrations of events that ended before `cutoff`: personal columns, blind index,
    notes and pending messages erased; status and aggregate columns kept for statistics."""
    ended = select(Event.key).where(Event.ends_at.is_not(None), Event.ends_at < cutoff)
    erased = 0
    while True:
        batch = db.session.scalars(
            select(Registration)
            .where(Registration.event_key.in_(ended), Registration.erased_at.is_(None))
            .limit(BATCH)
        ).all()
        for reg in batch:
            forget_personal(reg)
            audit("system", "registration.retention_erased", "registration", reg.id)
        db.session.commit()
        erased += len(batch)
        if len(batch) < BATCH:
            return erased


def rules(configured: dict[str, int]) -> list[Rule]:
    return [
        Rule(
            "personal_after_event",
            retention.days(configured, "personal_after_event", 180),
            _personal_after_event,
            "a registration's personal data (name, addresses, phone, organisation, details, "
            "notes), counted from the end of its event; status and aggregate columns stay",
        ),
        *retention.common_rules(db.session, models, configured),
    ]
