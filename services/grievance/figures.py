"""Public figures per region and year, and the erasure of closed cases after retention.

Figures count cases received and resolved (or closed) in a year, by kind and category;
a count below 5 is shown as "fewer than 5" so that nobody can be singled out. The
categories add up to the cases received, so they are protected as a row
(`common.figures.protect`): where a hidden count could be worked out from the total, the
smallest others are "not shown" too; with fewer than 5 received, or a row that cannot be
protected, no category is listed."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import delete, extract, select

from services.common.figures import shown, with_total

from . import blobs
from .extensions import db
from .models import Case, Evidence, OutboxMessage


def figures(year: int, region: str | None = None) -> dict:
    query = select(Case.region, Case.kind, Case.category, Case.status).where(
        extract("year", Case.received_on) == year
    )
    if region:
        query = query.where(Case.region == region)
    received, resolved = Counter(), Counter()
    for row_region, kind, category, status in db.session.execute(query):
        received[(row_region, kind, category)] += 1
        if status in ("resolved", "closed", "referred"):
            resolved[(row_region, kind, category)] += 1
    regions: dict = {}
    for (row_region, kind, category), count in sorted(received.items()):
        per_kind = regions.setdefault(row_region, {}).setdefault(
            kind, {"received": 0, "resolved": 0, "by_category": {}}
        )
        per_kind["received"] += count
        per_kind["resolved"] += resolved[(row_region, kind, category)]
        per_kind["by_category"][category] = count
    for per_region in regions.values():
        for per_kind in per_region.values():
            total, rows = with_total(per_kind["received"], {"by_category": per_kind["by_category"]})
            # Resolved is at most received and has no breakdown: on its own, it is safe.
            per_kind.update(received=total, resolved=shown(per_kind["resolved"]), **rows)
    return {"year": year, "regions": regions}


def purge(retention_days: int, today: date) -> int:
    """Erase cases closed more than `retention_days` ago (messages, notes and evidence
    go with them), and the delivered outbox items that named a case."""
    cutoff = today - timedelta(days=retention_days)
    expired = (Case.status == "closed", Case.closed_on < cutoff)
    files = db.session.scalars(select(Evidence.id).join(Case).where(*expired)).all()
    blobs.store().delete(files)  # first: if the bucket refuses, the rows stay for next time
    gone = db.session.execute(delete(Case).where(*expired)).rowcount
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.done_at.is_not(None)))
    db.session.commit()
    return gone
