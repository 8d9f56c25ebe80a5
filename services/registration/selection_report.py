"""The public transparency report of a selection, once its draw is committed: what anyone
may check (seed, input digest, algorithm, probabilities) and the balance of pool and
selected, with small counts protected so that none can be worked out. No names."""

from __future__ import annotations

import uuid

from services.common.errors import NotFound
from services.common.figures import protect

from .extensions import db
from .models import Selection


def report(selection_id: uuid.UUID) -> dict:
    """The public transparency report, once the draw is committed: counts per feature
    value of pool and selected (below 5 shown as "fewer than 5"), the quotas, the
    algorithm, the seed and its hash, the lowest and median probability. No names."""
    selection = db.session.get(Selection, selection_id)
    if selection is None or selection.status not in ("drawn", "decided"):
        raise NotFound("There is no published selection here.")
    result = selection.result
    return {
        "name": selection.name,
        "event": selection.event_key,
        "algorithm": result.get("algorithm", "leximin"),
        "version": result.get("version", ""),
        "seed_sha256": selection.seed_sha256,
        "inputs_sha256": selection.inputs_sha256,
        "committed_at": selection.created_at.isoformat(),
        "seed": selection.seed,
        "lowest_probability": result.get("lowest"),
        "median_probability": result.get("median"),
        "seats": {role: spec["seats"] for role, spec in selection.roles.items()},
        "balance": protected_balance(result.get("balance", [])),
    }


def protected_balance(rows: list[dict]) -> list[dict]:
    """The balance rows with pool and selected counts safe to publish.

    A role's rows for one feature are a row of counts in each column (`common.figures`):
    taken, conservatively, as if their total were published (it is, for the selected
    column when the quotas cover every value: the role's seats; and the pool's size is
    the same for every feature). Besides the markers, the quotas bound each selected count
    (min, max), and a value's pool is never smaller than its selected count: each is
    given the other's exact value as a bound, as if it were shown. A column that cannot
    be protected publishes None for that feature (the page says "not shown")."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((row["role"], row["feature"]), []).append(row)
    published = {}
    for key, group in groups.items():
        pool = {row["value"]: row["pool"] for row in group}
        selected = {row["value"]: row["selected"] for row in group}
        pool_bounds = {row["value"]: (row["selected"], sum(pool.values())) for row in group}
        selected_bounds = {
            row["value"]: (max(row["min"], 0), min(row["max"], row["pool"])) for row in group
        }
        published[key] = (
            protect(sum(pool.values()), pool, floor=0, bounds=pool_bounds) or {},
            protect(sum(selected.values()), selected, floor=0, bounds=selected_bounds) or {},
        )
    return [
        {
            **{k: row[k] for k in ("role", "feature", "value", "min", "max")},
            "pool": published[(row["role"], row["feature"])][0].get(row["value"]),
            "selected": published[(row["role"], row["feature"])][1].get(row["value"]),
        }
        for row in rows
    ]
