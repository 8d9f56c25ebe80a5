"""Public statistics per event, with small counts hidden ("fewer than 5")."""

from __future__ import annotations

from sqlalchemy import func, select

from services.common.figures import shown

from .extensions import db
from .models import Registration
from .review import FEATURES
from .services import get_event


def public_statistics(event_key: str) -> dict:
    """Registrations by category, sub-region, gender, age band and migrant-led.

    Withdrawn registrations do not count; erased ones still do (their aggregate columns
    stay). Any count below 5 is given as the text "fewer than 5".
    """
    event = get_event(event_key)
    live = (Registration.event_key == event.key, Registration.status != "withdrawn")
    total = db.session.scalar(select(func.count()).select_from(Registration).where(*live))
    result = {"event": event.key, "total": shown(total)}
    for feature in FEATURES:
        column = getattr(Registration, feature)
        rows = db.session.execute(
            select(column, func.count()).where(*live).group_by(column).order_by(column)
        ).all()
        result[feature] = {str(value): shown(n) for value, n in rows}
    return result
