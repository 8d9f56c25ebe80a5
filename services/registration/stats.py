"""Public statistics per event: small counts hidden, and nothing hidden derivable."""

from __future__ import annotations

from sqlalchemy import func, select

from services.common.figures import with_total

from .extensions import db
from .models import Registration
from .review import FEATURES
from .services import get_event


def public_statistics(event_key: str) -> dict:
    """Registrations by category, sub-region, gender, age band and migrant-led.

    Withdrawn registrations do not count; erased ones still do (their aggregate columns
    stay). The total is exact, or "fewer than 5" with no breakdown at all. Each feature's
    counts add up to the total, so each is protected as a row (`common.figures`):
    counts below 5 are "fewer than 5", and the smallest others "not shown" where needed so
    that no hidden count equals the total minus the rest; a feature whose counts cannot be
    protected is left out (an empty table).
    """
    event = get_event(event_key)
    live = (Registration.event_key == event.key, Registration.status != "withdrawn")
    total = db.session.scalar(select(func.count()).select_from(Registration).where(*live))
    counts = {}
    for feature in FEATURES:
        column = getattr(Registration, feature)
        rows = db.session.execute(
            select(column, func.count()).where(*live).group_by(column).order_by(column)
        ).all()
        counts[feature] = {str(value): n for value, n in rows}
    published, tables = with_total(total, counts)
    return {"event": event.key, "total": published, **tables}
