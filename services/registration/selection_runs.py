"""The registration worker's side of selections: claim a queued (or abandoned) run, solve
it with progress every second and cancellation, store the result or the failure."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select, update

from services.common.db import utcnow

from .extensions import db
from .models import Selection
from .selection import inputs
from .selection.errors import Cancelled
from .selection.problem import SelectionError
from .selection.run import InfeasibleQuotas
from .selection.run import select as run_selection
from .selections import problem_for

STALE = timedelta(minutes=30)  # a run silent this long lost its worker: run it again


def run_next(owner: str) -> int:
    """Worker: claim one queued (or abandoned) selection and run it; 1 if there was one."""
    claimable = or_(
        Selection.status == "queued",
        (Selection.status == "running") & (Selection.updated_at < utcnow() - STALE),
    )
    found = db.session.scalar(
        select(Selection.id).where(claimable).order_by(Selection.created_at).limit(1)
    )
    if found is None:
        return 0
    won = db.session.execute(
        update(Selection)
        .where(Selection.id == found, claimable)
        .values(status="running", progress={"owner": owner}, updated_at=utcnow())
    ).rowcount
    db.session.commit()
    if not won:
        return 1
    selection = db.session.get(Selection, found)
    seed = selection.seed
    try:  # the committed input file, as observers get it; older selections: the pool now
        problem = inputs.load(selection.inputs) if selection.inputs else problem_for(selection)
    except SelectionError as exc:
        _finish(found, "failed", error=str(exc)[:2000])
        return 1

    def progress(figures: dict) -> None:
        db.session.execute(
            update(Selection)
            .where(Selection.id == found)
            .values(progress=figures, updated_at=utcnow())
        )
        db.session.commit()

    def cancelled() -> bool:
        return (
            db.session.scalar(select(Selection.status).where(Selection.id == found)) == "cancelled"
        )

    try:
        result = run_selection(problem, seed=seed, progress=progress, cancelled=cancelled)
    except Cancelled:
        return 1
    except (InfeasibleQuotas, SelectionError) as exc:
        _finish(found, "failed", error=str(exc)[:2000])
        return 1
    except RuntimeError as exc:  # the solver gave up: claiming it again would loop forever
        _finish(found, "failed", error=f"The solver stopped: {str(exc)[:200]}")
        return 1
    result.pop("seed", None)  # stored on the selection, revealed with the draw
    result.pop("panel", None)  # the keys of `roles`
    _finish(found, "ready", result=result)
    return 1


def _finish(selection_id, status: str, **values) -> None:
    db.session.execute(
        update(Selection)
        .where(Selection.id == selection_id, Selection.status == "running")
        .values(status=status, **values)
    )
    db.session.commit()
