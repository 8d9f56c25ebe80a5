"""Why no panel keeps the quotas: a smallest conflicting set, and a smallest relaxation.

The conflicting set is irreducible (drop any one quota and the rest can be kept): found
by the deletion filter, one feasibility question per quota to the panel program. The
relaxation moves quota bounds by the fewest seats in total (an integer program with a
slack on each bound) and names each quota to move and its new bound.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from .panels import PanelModel
from .problem import Quota, Types


@dataclass
class Diagnosis:
    conflicting: list[Quota]  # of the original problem
    relaxation: list[dict]  # {"quota": label, "min": new, "max": new}

    def changes(self) -> list[str]:
        """Each relaxation as `quota -> [min, max]`."""
        return [f"{r['quota']} -> [{r['min']}, {r['max']}]" for r in self.relaxation]

    def message(self) -> str:
        names = "; ".join(q.label for q in self.conflicting) or "the seats and the pool"
        changes = "; ".join(self.changes())
        return (
            f"No panel keeps these quotas together: {names}. "
            f"The smallest change that makes them possible: {changes or 'none found'}."
        )


def diagnose(types: Types, original: list[Quota]) -> Diagnosis:
    model = PanelModel(types)
    active = list(range(len(types.quotas)))
    for index in list(active):  # deletion filter
        model.set_quota_active(index, False)
        if model.best() is None:
            active.remove(index)  # still infeasible without it: not needed in the set
        else:
            model.set_quota_active(index, True)
    return Diagnosis(conflicting=[original[i] for i in active], relaxation=_relax(types, original))


def _relax(types: Types, original: list[Quota]) -> list[dict]:
    """Slack below each min and above each max, total slack minimised."""
    model = PanelModel(types)
    highs = model.highs
    n = len(model.columns)
    if n:
        highs.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
    highs.changeObjectiveSense(highspy.ObjSense.kMinimize)
    slacks = []
    for index, row in enumerate(model.quota_rows):
        quota = types.quotas[index]
        # row in [min - below, max + above]: row + below >= min, row - above <= max
        highs.changeRowBounds(row, -highspy.kHighsInf, highspy.kHighsInf)
        cols = [j for j in range(n) if model.matrix[row, j]]
        below, above = highs.getNumCol(), highs.getNumCol() + 1
        highs.addVars(2, np.zeros(2), np.full(2, float(max(1, sum(types.seats.values())))))
        highs.changeColsCost(2, np.array([below, above], dtype=np.int32), np.ones(2))
        highs.changeColsIntegrality(
            2,
            np.array([below, above], dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * 2),
        )
        index_ = np.array([*cols, below], dtype=np.int32)
        highs.addRow(float(quota.min), highspy.kHighsInf, len(index_), index_, np.ones(len(index_)))
        index_ = np.array([*cols, above], dtype=np.int32)
        values = np.append(np.ones(len(cols)), -1.0)
        highs.addRow(-highspy.kHighsInf, float(quota.max), len(index_), index_, values)
        slacks.append((below, above))
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return []  # not even relaxing every quota helps: too few people for the seats
    values = highs.getSolution().col_value
    changes = []
    for index, (below, above) in enumerate(slacks):
        down, up = round(values[below]), round(values[above])
        if down or up:
            quota = original[index]
            changes.append(
                {"quota": quota.label, "min": max(0, quota.min - down), "max": quota.max + up}
            )
    return changes
