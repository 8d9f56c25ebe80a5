"""Panels as an integer program (HiGHS): which counts of each type fill each role.

A panel gives every (type, role) pair a count: `x[t, r]`. It fills every role's seats,
keeps every quota, never seats more people of a type than there are, and, under a cap,
never more of an organisation than the cap. The same model finds a feasible panel, the
best panel for given weights (the pricing step of column generation), and answers the
feasibility questions of the diagnosis.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict

import highspy
import numpy as np

from .problem import Types

INF = highspy.kHighsInf
CHEAP_GAP = 0.02  # optimality gap of the cheap pricing round
_banner_shown = False


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance (its first construction prints a banner: sent to stderr)."""
    global _banner_shown
    if not _banner_shown:
        sys.stdout.flush()
        saved = os.dup(1)
        os.dup2(2, 1)
        try:
            highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_shown = True
    else:
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("random_seed", 0)
    return highs


class PanelModel:
    """The panel polytope of `types`, loaded once into one HiGHS instance."""

    def __init__(self, types: Types, integer: bool = True):
        self.types = types
        self.columns: list[tuple[int, str]] = [
            (t, role) for t in range(len(types)) for role in types.roles[t]
        ]
        self.type_of = np.array([t for t, _ in self.columns], dtype=np.int64)
        self.highs = highs = new_highs()
        counts = types.counts
        n = len(self.columns)
        highs.addVars(n, np.zeros(n), np.array([float(counts[t]) for t, _ in self.columns]))
        if integer and n:
            highs.changeColsIntegrality(
                n,
                np.arange(n, dtype=np.int32),
                np.array([highspy.HighsVarType.kInteger] * n),
            )
        self.quota_rows: list[int] = []
        self._rows: list[tuple[list[int], float, float]] = []
        rows = 0
        by_role: dict[str, list[int]] = defaultdict(list)
        for j, (_t, role) in enumerate(self.columns):
            by_role[role].append(j)
        for role, size in types.seats.items():
            self._row(by_role.get(role, []), size, size)
            rows += 1
        for quota in types.quotas:
            cols = [
                j
                for j, (t, role) in enumerate(self.columns)
                if role == quota.role and types.key[t].get(quota.feature) == quota.value
            ]
            self._row(cols, quota.min, quota.max)
            self.quota_rows.append(rows)
            rows += 1
        per_type: dict[int, list[int]] = defaultdict(list)
        for j, (t, _role) in enumerate(self.columns):
            per_type[t].append(j)
        for t, cols in per_type.items():
            if len(cols) > 1:
                self._row(cols, 0, counts[t])
        if types.cap:
            per_org: dict[str, list[int]] = defaultdict(list)
            for j, (t, _role) in enumerate(self.columns):
                per_org[types.organisation[t]].append(j)
            for organisation, cols in per_org.items():
                if not organisation:  # no organisation given: nobody to cap together
                    continue
                room = types.cap - types.reserved_per_organisation.get(organisation, 0)
                self._row(cols, 0, max(0, room))
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.matrix = np.zeros((len(self._rows), n))
        for i, (cols, _lower, _upper) in enumerate(self._rows):
            self.matrix[i, cols] = 1.0
        self.lower = np.array([r[1] for r in self._rows])
        self.upper = np.array([r[2] for r in self._rows])
        self.column_upper = np.array([float(counts[t]) for t, _ in self.columns])
        self.column_upper_per_type = np.array([float(c) for c in counts])
        roles = sorted(types.seats)
        self.role_of = np.array([roles.index(role) for _, role in self.columns], dtype=np.int64)
        self.family_rows = self._families()

    def _families(self) -> list[np.ndarray]:
        """The rows split into families in which every column has at most one row
        (seats of a role, one feature's quotas, the people of a type, an organisation):
        per family, each column's row there, or -1."""
        families: list[np.ndarray] = []
        for i, (cols, _lower, _upper) in enumerate(self._rows):
            home = next((f for f in families if (f[cols] < 0).all()), None)
            if home is None:
                home = np.full(len(self.columns), -1, dtype=np.int64)
                families.append(home)
            home[cols] = i
        return families

    def _row(self, cols: list[int], lower: float, upper: float) -> None:
        self._rows.append((cols, float(lower), float(upper)))
        self.highs.addRow(
            float(lower),
            float(upper),
            len(cols),
            np.array(cols, dtype=np.int32),
            np.ones(len(cols)),
        )

    def best(self, weights: np.ndarray | None = None, gap: float = 0.0) -> tuple | None:
        """The panel maximising the sum of its members' `weights` (per type), or any
        feasible panel without weights; None when no panel keeps every quota."""
        highs = self.highs
        n = len(self.columns)
        if n == 0:  # nobody to seat: HiGHS calls such a model "Empty" and stops
            empty_fits = (self.lower <= 0).all() and (self.upper >= 0).all()
            return () if empty_fits else None
        costs = np.zeros(n) if weights is None else weights[self.type_of]
        highs.changeColsCost(n, np.arange(n, dtype=np.int32), costs.astype(float))
        highs.setOptionValue("mip_rel_gap", gap)
        highs.run()
        status = highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            if status in (
                highspy.HighsModelStatus.kInfeasible,
                highspy.HighsModelStatus.kUnboundedOrInfeasible,
            ):
                return None
            raise RuntimeError(f"HiGHS stopped: {highs.modelStatusToString(status)}")
        values = highs.getSolution().col_value
        return tuple(int(round(v)) for v in values)

    def swaps(self, panel: tuple, weights: np.ndarray, above: float, steps=60, keep=1) -> list:
        """Cheap pricing: from `panel`, swap one seated person for a better-weighted one
        while every row stays within bounds; returns the panels passed on the way that
        are worth more than `above` (each is a column for the master problem).

        A swap moves one seat within a role, so it only touches the rows of the two
        columns: in each family of rows (see `_families`) the incoming column's row
        gains one, the outgoing column's row loses one, unless they share it."""
        x = np.array(panel, dtype=float)
        w = weights[self.type_of]
        found = []
        for _ in range(steps):
            sums = self.matrix @ x
            full = np.append(sums >= self.upper - 0.5, False)  # index -1: no row
            empty = np.append(sums <= self.lower + 0.5, False)
            out = np.flatnonzero(x > 0.5)
            into = np.flatnonzero((x < self.column_upper - 0.5) & (w > w[out].min() + 1e-12))
            if len(into) == 0:
                break
            gain = w[into][:, None] - w[out][None, :]
            gain[self.role_of[into][:, None] != self.role_of[out][None, :]] = -np.inf
            for rows in self.family_rows:  # blocked where the rows differ, one at a bound
                r_in, r_out = rows[into], rows[out]
                differs = r_in[:, None] != r_out[None, :]
                gain[differs & (full[r_in][:, None] | empty[r_out][None, :])] = -np.inf
            best = int(np.argmax(gain))
            if gain.flat[best] <= 1e-12:
                break
            i, o = divmod(best, len(out))
            x[into[i]] += 1
            x[out[o]] -= 1
            if float(w @ x) > above:
                found.append(x.copy())
        return [tuple(int(v) for v in panel) for panel in found[-keep:]]

    def price(
        self, weights: np.ndarray, above: float, starts: list[tuple], known: set | dict
    ) -> list[tuple]:
        """New panels (not in `known`) worth more than `above`, the cheapest search first:
        swaps from `starts`, then the integer program with a 2 % gap, then exactly. An
        empty list proves that no panel is worth more."""
        found = [p for s in starts for p in self.swaps(s, weights, above) if p not in known]
        if not found:
            found = [p for p in self.improving(weights, above, CHEAP_GAP) if p not in known]
        if not found:
            best = self.best(weights, gap=0.0)
            if best is not None and best not in known:
                found = [best] if float(weights @ self.per_type(best)) > above else []
        return list(dict.fromkeys(found))

    def improving(self, weights: np.ndarray, above: float, gap: float) -> list[tuple]:
        """Panels worth more than `above` under `weights`: the best found and the other
        improving panels the solver met on its way (several columns per solve)."""
        highs = self.highs
        highs.setOptionValue("mip_improving_solution_save", True)
        try:
            best = self.best(weights, gap)
            candidates = [best] if best is not None else []
            candidates += [
                tuple(int(round(v)) for v in solution.col_value)
                for solution in highs.getSavedMipSolutions()
            ]
            found: dict[tuple, None] = {}
            for panel in candidates:
                if float(weights @ self.per_type(panel)) > above:
                    found[panel] = None
            return list(found)
        finally:
            highs.setOptionValue("mip_improving_solution_save", False)

    def per_type(self, panel: tuple) -> np.ndarray:
        """How many of each type `panel` seats, over all roles."""
        seated = np.zeros(len(self.types))
        np.add.at(seated, self.type_of, np.array(panel, dtype=float))
        return seated

    def set_quota_active(self, index: int, active: bool) -> None:
        quota = self.types.quotas[index]
        lower, upper = (quota.min, quota.max) if active else (-INF, INF)
        self.highs.changeRowBounds(self.quota_rows[index], float(lower), float(upper))
