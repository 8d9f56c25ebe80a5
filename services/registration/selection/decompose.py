"""The relaxation's LEXIMIN point as a mix of real panels, by peeling (Carathéodory).

With `point` the expected seats per column, and `mass` the weight still to hand out:
find a whole panel P on the smallest face of the panel polytope that holds `point`
(columns at 0 or at their count stay there, rows at a bound stay at it), then take as
much of P as keeps the rest inside the polytope: `mass * point - θ P` stays a scaled
point of it. Each step sets at least one more column or row at a bound, so the point
is used up in at most (columns + rows) steps; each step is a rounding and a few swaps,
not an integer program. When some face holds no whole panel that the swaps can find,
the panels found so far start the column generation of `shortcut.reach` instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import highspy
import numpy as np

from .errors import Cancelled
from .panels import PanelModel

EPS = 1e-9  # a column or row this close to a bound is at it
ROUNDING = 1e-12  # floating-point dust left in the rest after a step
DONE = 1e-11  # mass left below this: finished
MEND_STEPS = 200
CANDIDATES = 128  # columns considered for a seat: those the point wants most


def decompose(
    model: PanelModel,
    point: np.ndarray,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[dict], None] | None = None,
) -> tuple[list[tuple], list[float], bool]:
    """Panels and weights whose mix is `point` (per column); the flag says whether the
    whole point was used up (otherwise the panels are a start for column generation).
    The same point always gives the same panels (fixed random seed)."""
    rng = np.random.default_rng(0)
    rest, mass = point.astype(float).copy(), 1.0
    started = reported = time.monotonic()
    matrix, top = model.matrix, model.column_upper
    panels: list[tuple] = []
    weights: list[float] = []
    steps = len(point) + len(model.lower) + 10
    for step in range(steps):
        if mass <= DONE:
            return panels, weights, True
        if cancelled and step % 50 == 0 and cancelled():
            raise Cancelled
        if progress and time.monotonic() - reported > 1.0:
            reported = time.monotonic()
            progress(
                {
                    "stage": 0,
                    "fixed": len(model.types),  # known from the relaxation; panels to build
                    "types": len(model.types),
                    "percent": int(100 * (1.0 - mass)),
                    "panels": len(panels),
                    "seconds": round(reported - started, 2),
                }
            )
        here = rest / mass
        sums = matrix @ here
        eps = EPS + ROUNDING / mass  # what rounding left in `rest`, seen at this scale
        # rows at a bound keep it exactly: lower == upper == the bound
        at_lower, at_upper = sums <= model.lower + eps, sums >= model.upper - eps
        lower = np.where(at_upper, model.upper, model.lower)
        upper = np.where(at_lower, model.lower, model.upper)
        fixed = (here <= eps) | (here >= top - eps)
        here = np.where(here <= eps, 0.0, np.where(here >= top - eps, top, here))
        panel = _round(model, here, fixed, rng)
        if not _mend(model, panel, here, fixed, lower, upper):
            panel = _face_panel(model, here, fixed, lower, upper)
            if panel is None:  # no whole panel on this face: not this way
                return panels, weights, False
        theta = _longest_step(model, rest, mass, panel)
        if theta <= DONE * 1e-3:
            return panels, weights, False
        panels.append(tuple(int(v) for v in panel))
        weights.append(theta)
        rest = np.clip(rest - theta * panel, 0.0, None)
        mass -= theta
    return panels, weights, mass <= DONE


def _face_panel(model: PanelModel, here, fixed, lower, upper) -> np.ndarray | None:
    """A whole panel on the face, from the integer program (when the swaps are stuck)."""
    highs, n = model.highs, len(model.columns)
    cols, rows = np.arange(n, dtype=np.int32), np.arange(len(lower), dtype=np.int32)
    low = np.where(fixed, np.round(here), 0.0)
    high = np.where(fixed, np.round(here), model.column_upper)
    highs.changeColsBounds(n, cols, low, high)
    highs.changeRowsBounds(len(rows), rows, lower.astype(float), upper.astype(float))
    highs.changeColsCost(n, cols, here.astype(float))
    highs.setOptionValue("mip_rel_gap", 1.0)  # any panel on the face will do
    try:
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return np.round(np.array(highs.getSolution().col_value))
    finally:
        highs.changeColsBounds(n, cols, np.zeros(n), model.column_upper.astype(float))
        highs.changeRowsBounds(len(rows), rows, model.lower, model.upper)


def _longest_step(model: PanelModel, rest: np.ndarray, mass: float, panel: np.ndarray) -> float:
    """The largest θ <= mass keeping `rest - θ panel` inside `(mass - θ)` times the polytope."""
    top, lower, upper = model.column_upper, model.lower, model.upper
    have, take = model.matrix @ rest, model.matrix @ panel
    limits = [
        mass,
        _least(rest, panel, panel > 0),  # a column cannot go below 0
        _least(top * mass - rest, top - panel, panel < top),  # nor above its count
        _least(have - lower * mass, take - lower, take > lower),  # a row keeps its bounds
        _least(upper * mass - have, upper - take, take < upper),
    ]
    return max(0.0, float(min(limits)))


def _least(room: np.ndarray, use: np.ndarray, where: np.ndarray) -> float:
    return float(np.min(room[where] / use[where], initial=np.inf))


def _round(model: PanelModel, here: np.ndarray, fixed: np.ndarray, rng) -> np.ndarray:
    """Systematic sampling in stratified random order: each column the floor of `here`
    or one more (fixed columns exactly), every role exactly its seats."""
    x = np.where(fixed, np.round(here), np.floor(here + EPS))
    rest = np.where(fixed, 0.0, np.clip(here - x, 0.0, 1.0))
    for role in np.unique(model.role_of):
        cols = np.flatnonzero((model.role_of == role) & (rest > EPS))
        if len(cols) == 0:
            continue
        order = _stratified(model, cols, rng)
        ends = np.cumsum(rest[order])
        starts = ends - rest[order]
        offset = rng.random()
        x[order] += np.floor(ends - offset + 1e-12) - np.floor(starts - offset + 1e-12)
    return np.minimum(x, model.column_upper)


def _stratified(model: PanelModel, cols: np.ndarray, rng) -> np.ndarray:
    """`cols` sorted by their rows, families in random order, ties at random."""
    families = [model.family_rows[i] for i in rng.permutation(len(model.family_rows))]
    keys = [rng.random(len(cols))] + [rows[cols] for rows in reversed(families)]
    return cols[np.lexsort(keys)]


def _mend(model, x, here, fixed, lower, upper) -> bool:
    """Swap seats within roles until every row is within [lower, upper]; False if stuck."""
    member = model.matrix > 0.5
    movable_in = ~fixed & (here > EPS)  # never seat a column the point leaves empty
    for _ in range(MEND_STEPS):
        sums = model.matrix @ x
        below, above = lower - sums, sums - upper
        worst = int(np.argmax(np.maximum(below, above)))
        if max(below[worst], above[worst]) < 0.5:
            return True
        want = here - x
        out = np.flatnonzero((x > 0.5) & ~fixed)
        into = np.flatnonzero((x < model.column_upper - 0.5) & movable_in)
        if below[worst] > 0:
            into = into[member[worst, into]]
        else:
            out = out[member[worst, out]]
        if len(into) == 0 or len(out) == 0:
            return False
        into = into[np.argsort(-want[into])[:CANDIDATES]]
        change = _change(model, sums, lower, upper, into, out)
        closeness = want[into][:, None] - want[out][None, :]
        best = int(np.argmin(change - 1e-3 * closeness))
        if change.flat[best] >= 0:
            return False
        i, o = divmod(best, len(out))
        x[into[i]] += 1
        x[out[o]] -= 1
    return False


def _change(model, sums, lower, upper, into, out) -> np.ndarray:
    """For every swap (into[i] for out[o]): how much the total violation changes."""
    short = np.append(sums < lower - 0.5, False)  # index -1: no row
    over = np.append(sums > upper + 0.5, False)
    full = np.append(sums >= upper - 0.5, False)
    empty = np.append(sums <= lower + 0.5, False)
    change = np.zeros((len(into), len(out)))
    for rows in model.family_rows:
        r_in, r_out = rows[into], rows[out]
        add = np.where(short[r_in], -1.0, np.where(full[r_in], 1.0, 0.0))
        remove = np.where(over[r_out], -1.0, np.where(empty[r_out], 1.0, 0.0))
        change += (r_in[:, None] != r_out[None, :]) * (add[:, None] + remove[None, :])
    change[model.role_of[into][:, None] != model.role_of[out][None, :]] = np.inf
    return change
