"""The LEXIMIN distribution over panels, by column generation (Flanigan et al., 2021).

Maximise the lowest selection probability, fix the people who cannot do better, then
maximise the next lowest, and so on. Each stage solves, over the panels found so far,

    min  ŷ - Σ_fixed q_t y_t    s.t.  Σ_t y_t x_t(P) / c_t <= ŷ  for every panel P,
                                      Σ_unfixed y_t = 1,  y >= 0,

the dual of "maximise z such that every unfixed type has probability >= z and every
fixed type keeps its probability q_t". A panel violating the first constraint is found
by the integer program of `panels.PanelModel` (pricing): first with a loose optimality
gap (cheap), and only when that finds nothing, exactly, to prove the stage optimal.
Types whose dual weight is positive at the optimum cannot rise above it: they are fixed.
Types are people with identical features (see `problem`), so c_t counts them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from .decompose import decompose
from .errors import Cancelled, Infeasible
from .panels import CHEAP_GAP, INF, PanelModel, new_highs
from .problem import Types
from .shortcut import EXACT, reach, relaxed_leximin

IMPROVES = 1e-7  # a panel must beat the bound by this much to count
POSITIVE = 1e-7  # a dual weight above this fixes its type
FIX_SLACK = 1e-9  # a fixed probability is kept up to this, against rounding


@dataclass
class Distribution:
    panels: list[tuple]  # counts per (type, role) column of `model`
    weights: list[float]  # the probability of drawing each panel
    probability: np.ndarray  # per type: each member's probability of selection
    stages: int
    seconds: float


def leximin(
    types: Types,
    model: PanelModel | None = None,
    progress: Callable[[dict], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    shortcut: bool = True,
) -> Distribution:
    """The LEXIMIN distribution; `shortcut=False` skips the relaxation (see `shortcut`)."""
    started = time.monotonic()
    model = model or PanelModel(types)
    n = len(types)
    if n == 0:
        if model.best() is None:
            raise Infeasible
        return Distribution([model.best()], [1.0], np.zeros(0), 0, 0.0)
    counts = np.array(types.counts, dtype=float)
    dual = _Master(n)
    seen: dict[tuple, np.ndarray] = {}

    def add(panel: tuple) -> np.ndarray:
        share = model.per_type(panel) / counts
        if panel not in seen:
            seen[panel] = share
            dual.add_panel(share)
        return share

    first = model.best()
    if first is None:
        raise Infeasible

    def finish(panels: list[tuple], weights: list[float]) -> Distribution:
        """The relaxation's LEXIMIN as a mix of real panels: exact (see `shortcut`)."""
        seated = sum(w * model.per_type(p) for p, w in zip(panels, weights, strict=True))
        probability = seated / counts
        if progress:
            progress(
                {
                    "stage": 1,
                    "fixed": n,
                    "types": n,
                    "panels": len(panels),
                    "lowest": float(probability.min()),
                    "seconds": round(time.monotonic() - started, 2),
                }
            )
        return Distribution(panels, weights, probability, 1, time.monotonic() - started)

    peeled: list[tuple] = []
    if shortcut:
        point = relaxed_leximin(types, cancelled)
        peeled, weights, whole = decompose(model, point, cancelled, progress)
        if whole and _reaches(model, point, peeled, weights):
            return finish(peeled, [w / sum(weights) for w in weights])
    covered = add(first) > 0
    while not covered.all():  # a first panel for everyone who can be seated at all
        if cancelled and cancelled():
            raise Cancelled
        panel = model.best((~covered).astype(float), gap=CHEAP_GAP)
        share = add(panel)
        if not (share[~covered] > 0).any():
            break
        covered |= share > 0
    found = list(dict.fromkeys([*seen, *peeled]))
    if shortcut:
        reached = reach(model, point, found, cancelled, progress)
        if reached is not None:
            return finish(*reached)
    for panel in found:
        add(panel)
    fixed = np.full(n, np.nan)
    fixed[~covered] = 0.0  # nobody can seat them: probability 0, whatever we do
    for t in np.flatnonzero(~covered):
        dual.fix(t, 0.0)
    stages = 0
    reported = time.monotonic()
    while np.isnan(fixed).any():
        stages += 1
        while True:
            if cancelled and cancelled():
                raise Cancelled
            y, bound, value = dual.solve()
            if progress and time.monotonic() - reported > 1.0:  # news within a stage too
                reported = time.monotonic()
                progress(
                    {
                        "stage": stages,
                        "fixed": int((~np.isnan(fixed)).sum()),
                        "types": n,
                        "panels": len(seen),
                        "bound": round(float(value), 6),
                        "seconds": round(reported - started, 2),
                    }
                )
            found = model.price(y / counts, bound + IMPROVES, _leading(seen, y), seen)
            if not found:  # proven: no panel improves this stage
                break
            for panel in found:
                add(panel)
        value = max(0.0, min(1.0, value))
        newly = np.flatnonzero(np.isnan(fixed) & (y > POSITIVE))
        if len(newly) == 0:  # numerically tiny duals: fix the largest
            open_ = np.flatnonzero(np.isnan(fixed))
            newly = open_[[int(np.argmax(y[open_]))]]
        for t in newly:
            fixed[t] = value
            dual.fix(t, value)
        if progress:
            progress(
                {
                    "stage": stages,
                    "fixed": int((~np.isnan(fixed)).sum()),
                    "types": n,
                    "panels": len(seen),
                    "lowest": float(np.nanmin(fixed)),
                    "seconds": round(time.monotonic() - started, 2),
                }
            )
    panels = list(seen)
    weights, probability = _distribution(panels, [seen[p] for p in panels], fixed)
    keep = [i for i, w in enumerate(weights) if w > 1e-12]
    total = sum(weights[i] for i in keep)
    return Distribution(
        panels=[panels[i] for i in keep],
        weights=[weights[i] / total for i in keep],
        probability=probability,
        stages=stages,
        seconds=time.monotonic() - started,
    )


def _reaches(model: PanelModel, point: np.ndarray, panels: list[tuple], weights: list) -> bool:
    """Whether the mix seats every type as the point does, up to rounding."""
    total = sum(weights)
    seated = sum(w / total * model.per_type(p) for p, w in zip(panels, weights, strict=True))
    return float(np.maximum(model.per_type(point) - seated, 0.0).sum()) <= EXACT


def _leading(seen: dict, y: np.ndarray, count: int = 2) -> list[tuple]:
    """The `count` panels found so far that are worth the most under the dual weights."""
    panels = list(seen)
    values = np.array([float(y @ share) for share in seen.values()])
    return [panels[int(i)] for i in np.argsort(-values)[:count]]


class _Master:
    """The stage problem in primal form, kept in one HiGHS instance: a panel is a new
    column (the basis stays feasible, so each solve starts warm), and fixing a type
    turns its row "probability >= z" into "probability >= q_t". The row duals are the
    dual weights y (one per type) and ŷ (the row "weights sum to 1") of the docstring."""

    def __init__(self, n: int):
        self.n = n
        self.highs = highs = new_highs()
        # New columns keep the basis primal feasible: primal simplex goes on from there.
        highs.setOptionValue("presolve", "off")
        highs.setOptionValue("simplex_strategy", 4)
        highs.addVar(-INF, INF)  # z, column 0
        highs.changeColCost(0, 1.0)
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
        highs.addRow(1.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))  # Σ p = 1
        for _t in range(n):  # Σ_P share_t(P) p_P - z >= 0
            highs.addRow(0.0, INF, 1, np.array([0], dtype=np.int32), np.array([-1.0]))

    def add_panel(self, share: np.ndarray) -> None:
        rows = np.flatnonzero(share)
        self.highs.addCol(
            0.0,
            0.0,
            INF,
            len(rows) + 1,
            np.append(0, rows + 1).astype(np.int32),
            np.append(1.0, share[rows]),
        )

    def fix(self, t: int, probability: float) -> None:
        self.highs.changeCoeff(int(t) + 1, 0, 0.0)
        self.highs.changeRowBounds(int(t) + 1, max(0.0, probability - FIX_SLACK), INF)

    def solve(self) -> tuple[np.ndarray, float, float]:
        highs = self.highs
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            # Rarely, after fixing, the warm primal simplex gives up on a degenerate
            # basis: solve that once from scratch with HiGHS's defaults.
            highs.clearSolver()
            highs.setOptionValue("simplex_strategy", 1)
            highs.setOptionValue("presolve", "on")
            highs.run()
            highs.setOptionValue("simplex_strategy", 4)
            highs.setOptionValue("presolve", "off")
        status = highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"HiGHS stopped: {highs.modelStatusToString(status)}")
        duals = np.array(highs.getSolution().row_dual)
        y = np.clip(-duals[1:], 0.0, None)  # HiGHS signs the duals of >= rows negative here
        return y, float(duals[0]), highs.getInfo().objective_function_value


def _distribution(
    panels: list[tuple], shares: list[np.ndarray], fixed: np.ndarray
) -> tuple[list[float], np.ndarray]:
    """Weights over `panels` giving every type at least its fixed probability (as
    nearly as floating point allows), and the probabilities those weights give."""
    highs = new_highs()
    m, n = len(panels), len(fixed)
    highs.addVars(m, np.zeros(m), np.ones(m))
    highs.addVar(-INF, INF)  # the margin, maximised
    highs.changeColCost(m, 1.0)
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    highs.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
    matrix = np.array(shares).T  # types x panels
    for t in range(n):
        cols = np.flatnonzero(matrix[t])
        highs.addRow(
            float(fixed[t]),
            INF,
            len(cols) + 1,
            np.append(cols, m).astype(np.int32),
            np.append(matrix[t, cols], -1.0),
        )
    highs.run()
    weights = np.clip(np.array(highs.getSolution().col_value[:m]), 0.0, None)
    weights = weights / weights.sum()
    return weights.tolist(), matrix @ weights
