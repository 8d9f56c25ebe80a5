"""A whole selection: feasibility, the LEXIMIN distribution, the draw, the balance table.

Used by the registration worker and by the command line alike, so an auditor who runs
`python -m services.registration.selection` with the published inputs and the revealed
seed gets the panel the secretariat got.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable

from .diagnosis import Diagnosis, diagnose
from .draw import draw, new_seed, seed_hash
from .leximin import leximin
from .panels import PanelModel
from .problem import Problem, to_types

ALGORITHM = "leximin"
VERSION = "1"


class InfeasibleQuotas(Exception):
    def __init__(self, diagnosis: Diagnosis):
        super().__init__(diagnosis.message())
        self.diagnosis = diagnosis


def check(problem: Problem) -> Diagnosis | None:
    """None when some panel keeps every quota, else why not."""
    types = to_types(problem)
    if PanelModel(types).best() is not None:
        return None
    return diagnose(types, problem.quotas)


def select(
    problem: Problem,
    seed: str | None = None,
    progress: Callable[[dict], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict:
    started = time.monotonic()
    types = to_types(problem)
    model = PanelModel(types)
    if model.best() is None:
        raise InfeasibleQuotas(diagnose(types, problem.quotas))
    distribution = leximin(types, model, progress, cancelled)
    seed = seed or new_seed()
    chosen = draw(distribution.panels, distribution.weights, model.columns, types.members, seed)
    chosen.update(problem.reserved)
    probabilities = {p.id: 0.0 for p in problem.people}
    for t, members in enumerate(types.members):
        for pid in members:
            probabilities[pid] = round(float(distribution.probability[t]), 9)
    for pid in problem.reserved:
        probabilities[pid] = 1.0
    pool = [probabilities[pid] for members in types.members for pid in members]
    return {
        "algorithm": ALGORITHM,
        "version": VERSION,
        "panel": sorted(chosen),
        "roles": dict(sorted(chosen.items())),
        "probabilities": probabilities,
        "seed": seed,
        "seed_sha256": seed_hash(seed),
        "lowest": min(pool) if pool else 0.0,
        "median": statistics.median(pool) if pool else 0.0,
        "ideal": sum(types.seats.values()) / len(pool) if pool else 0.0,
        "balance": balance(problem, chosen),
        "profiles": profiles(problem, probabilities),
        "stages": distribution.stages,
        "panels_in_distribution": len(distribution.panels),
        "seconds": round(time.monotonic() - started, 3),
    }


def profiles(problem: Problem, probabilities: dict[str, float]) -> list[dict]:
    """Applicants grouped by what the selection sees of them (features and roles), lowest
    probability first: how a reviewer checks that nobody was left with a poor chance."""
    groups: dict[tuple, list[float]] = {}
    for person in problem.people:
        if person.id in problem.excluded:
            continue
        key = (tuple(sorted(person.features.items())), person.roles)
        groups.setdefault(key, []).append(probabilities[person.id])
    rows = [
        {
            "features": dict(features),
            "roles": list(roles),
            "count": len(chances),
            "lowest": min(chances),
            "highest": max(chances),
        }
        for (features, roles), chances in groups.items()
    ]
    return sorted(rows, key=lambda row: (row["lowest"], -row["count"]))


def balance(problem: Problem, chosen: dict[str, str]) -> list[dict]:
    """Per quota: how many in the pool, the bounds, how many selected."""
    people = {p.id: p for p in problem.people}
    rows = []
    for quota in problem.quotas:
        pool = Counter(
            p.features.get(quota.feature)
            for p in problem.people
            if quota.role in p.roles and p.id not in problem.excluded
        )
        selected = sum(
            1
            for pid, role in chosen.items()
            if role == quota.role and people[pid].features.get(quota.feature) == quota.value
        )
        rows.append(
            {
                "role": quota.role,
                "feature": quota.feature,
                "value": quota.value,
                "pool": pool.get(quota.value, 0),
                "min": quota.min,
                "max": quota.max,
                "selected": selected,
            }
        )
    return rows
