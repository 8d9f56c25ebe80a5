"""A shortcut to the exact LEXIMIN distribution, tried before column generation.

Every distribution over panels has expected seats per type inside the LP relaxation of
the panel program (fractional panels). LEXIMIN over that larger set is cheap: one small
LP per stage, no pricing. If its answer `x*` is also the mean of some distribution over
real (integer) panels, it is LEXIMIN-optimal over real panels too, since no real
distribution can beat the relaxation. So: compute `x*`, then look for panels whose mix
reaches it (column generation minimising the shortfall). A zero shortfall proves the
result exact; otherwise `leximin` goes the long way, starting from the panels found.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import highspy
import numpy as np

from .errors import Cancelled
from .panels import INF, PanelModel, new_highs
from .problem import Types

POSITIVE = 1e-9
EXACT = 1e-7  # total shortfall, in seats, below which the mix reaches x*
PRICED = 1e-9
STARTS = 2  # local searches per round, from the panels now worth the most


def relaxed_leximin(types: Types, cancelled: Callable[[], bool] | None = None) -> np.ndarray:
    """Expected seats per column (type and role) under LEXIMIN over fractional panels."""
    relaxed = PanelModel(types, integer=False)
    highs = relaxed.highs
    n_cols = len(relaxed.columns)
    highs.changeColsCost(n_cols, np.arange(n_cols, dtype=np.int32), np.zeros(n_cols))
    z = highs.getNumCol()
    highs.addVar(-INF, INF)
    highs.changeColCost(z, 1.0)
    counts = np.array(types.counts, dtype=float)
    first_row = highs.getNumRow()
    for t in range(len(types)):
        cols = [j for j, (tt, _role) in enumerate(relaxed.columns) if tt == t]
        index = np.array([*cols, z], dtype=np.int32)
        highs.addRow(0.0, INF, len(index), index, np.append(np.ones(len(cols)), -counts[t]))
    open_ = np.ones(len(types), dtype=bool)
    while open_.any():
        if cancelled and cancelled():
            raise Cancelled
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError("HiGHS could not solve the relaxation")
        solution = highs.getSolution()
        value = solution.col_value[z]
        duals = np.abs(np.array(solution.row_dual[first_row:]))
        newly = np.flatnonzero(open_ & (duals > POSITIVE))
        if len(newly) == 0:
            newly = np.flatnonzero(open_)[[int(np.argmax(np.where(open_, duals, -1)[open_]))]]
        for t in newly:
            row = first_row + int(t)
            highs.changeCoeff(row, z, 0.0)
            highs.changeRowBounds(row, max(0.0, value * counts[t] - 1e-9), INF)
            open_[t] = False
    highs.run()
    return np.array(highs.getSolution().col_value[:n_cols])


def reach(
    model: PanelModel,
    point: np.ndarray,
    panels: list[tuple],
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[dict], None] | None = None,
) -> tuple[list[tuple], list[float]] | None:
    """Panels and weights whose mean seats every type at least `target` (so exactly, as
    every panel fills the same seats), or None when the relaxation's point is not a mix
    of real panels. `point` is per column (see `relaxed_leximin`); `panels` start the
    search; found panels are appended to it."""
    target = model.per_type(point)
    n = len(target)
    highs = new_highs()
    highs.setOptionValue("presolve", "off")
    highs.setOptionValue("simplex_strategy", 4)
    highs.changeObjectiveSense(highspy.ObjSense.kMinimize)
    highs.addVars(n, np.zeros(n), np.full(n, INF))  # shortfall per type
    highs.changeColsCost(n, np.arange(n, dtype=np.int32), np.ones(n))
    highs.addRow(1.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))  # Σ p = 1
    for t in range(n):
        highs.addRow(float(target[t]), INF, 1, np.array([t], dtype=np.int32), np.array([1.0]))
    columns: list[tuple] = []
    seated_columns: list[np.ndarray] = []
    known: set[tuple] = set()

    def add(panel: tuple) -> None:
        if panel in known:
            return
        known.add(panel)
        columns.append(panel)
        seated = model.per_type(panel)
        seated_columns.append(seated)
        rows = np.flatnonzero(seated)
        highs.addCol(
            0.0,
            0.0,
            INF,
            len(rows) + 1,
            np.append(0, rows + 1).astype(np.int32),
            np.append(1.0, seated[rows]),
        )

    for panel in panels:
        add(panel)
    started = last = time.monotonic()
    while True:
        if cancelled and cancelled():
            raise Cancelled
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        shortfall = highs.getInfo().objective_function_value
        duals = np.array(highs.getSolution().row_dual)
        weights, above = duals[1:], -duals[0] + PRICED
        if shortfall <= EXACT:
            break
        if progress and time.monotonic() - last > 1.0:
            last = time.monotonic()
            progress(
                {
                    "stage": 0,
                    "fixed": 0,
                    "types": n,
                    "panels": len(columns),
                    "shortfall": round(shortfall, 6),
                    "seconds": round(last - started, 2),
                }
            )
        values = np.array(seated_columns) @ weights
        starts = [columns[int(i)] for i in np.argsort(values)[::-1][:STARTS]]
        fresh = model.price(weights, above, starts, known)
        if not fresh:
            return None  # proven: x* is not a mix of real panels
        for panel in fresh:
            add(panel)
    values = np.array(highs.getSolution().col_value[n:])
    keep = np.flatnonzero(values > 1e-12)
    weights_out = values[keep] / values[keep].sum()
    given = set(panels)
    panels.extend(p for p in columns if p not in given)
    return [columns[i] for i in keep], weights_out.tolist()
