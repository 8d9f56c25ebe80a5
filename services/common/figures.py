"""Public figures: nobody can be singled out, and no hidden count can be worked out.

Every service that publishes counts uses these rules.

1. *Primary suppression*: a count below `SMALLEST_SHOWN` (5) is published as `HIDDEN`
   ("fewer than 5").
2. *Secondary suppression*: counts are published with their exact total (a row: the
   registrations per gender, which add up to all registrations). With one count hidden, it
   would be the total minus the others; with several, their bounds can still pin one down
   (two hidden cells adding up to 2 are 1 and 1). So `protect` also withholds the smallest
   shown counts of the row (`WITHHELD`, "not shown"; each is 5 or more) until no hidden
   count has a single possible value. A row that cannot be protected that way (every cell
   hidden and still pinned: the counts are all 1 and 5) is not published at all (None).
3. A total that is itself hidden (below 5) is published without its breakdown: the number
   of values listed would bound it (callers do this).

What the attacker is assumed to know (`ranges`, and the deriving test in
`tests/services/common/test_figures.py` that attacks the published rows): every number
shown, every published total, that a `HIDDEN` cell is between `floor` (1 when only values
that occur are listed, 0 when a fixed list of values is) and 4, that a `WITHHELD` cell is
at least 5 and (the rule above being public) no larger than the smallest count still
shown in its row, and any bounds published beside the row (a quota's minimum and maximum).
Counts published at different times can be subtracted from each other: that is a limit
of this module (see docs/security.md), not something it prevents.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

SMALLEST_SHOWN = 5
HIDDEN = "fewer than 5"
WITHHELD = "not shown"


def shown(count: int) -> int | str:
    """A count on its own (no published total it is part of)."""
    return count if count >= SMALLEST_SHOWN else HIDDEN


def ranges(
    total: int,
    published: Mapping[Hashable, int | str],
    floor: int = 1,
    bounds: Mapping[Hashable, tuple[int, int]] | None = None,
) -> dict[Hashable, tuple[int, int]]:
    """The least and the most each cell not shown can be, for someone who knows the row's
    total and everything this module's docstring lists. A cell whose least and most are
    equal is disclosed."""
    bounds = bounds or {}
    numbers = [v for v in published.values() if not isinstance(v, str)]
    rest = total - sum(numbers)
    smallest_shown = min(numbers, default=total)
    box = {}
    for key, value in published.items():
        if not isinstance(value, str):
            continue
        if value == HIDDEN:
            low, high = floor, SMALLEST_SHOWN - 1
        else:
            low, high = SMALLEST_SHOWN, smallest_shown
        known_low, known_high = bounds.get(key, (0, total))
        box[key] = (max(low, known_low), min(high, known_high, total))
    lows = sum(low for low, _ in box.values())
    highs = sum(high for _, high in box.values())
    return {
        key: (max(low, rest - (highs - high)), min(high, rest - (lows - low)))
        for key, (low, high) in box.items()
    }


def disclosed(
    total: int,
    published: Mapping[Hashable, int | str],
    floor: int = 1,
    bounds: Mapping[Hashable, tuple[int, int]] | None = None,
) -> bool:
    """Whether some cell not shown has a single possible value."""
    return any(low >= high for low, high in ranges(total, published, floor, bounds).values())


def protect(
    total: int,
    cells: Mapping[Hashable, int],
    floor: int = 1,
    bounds: Mapping[Hashable, tuple[int, int]] | None = None,
) -> dict[Hashable, int | str] | None:
    """A row of `cells` adding up to `total` (published exactly), made safe to publish:
    counts below 5 `HIDDEN`, then the smallest others `WITHHELD` until nothing hidden can
    be derived; None when even hiding every cell is not enough (publish no breakdown).

    `floor`: the least a listed cell can be (1 if only values that occur are listed).
    `bounds`: what else is published about a cell, as (least, most)."""
    published: dict[Hashable, int | str] = {
        key: HIDDEN if count < SMALLEST_SHOWN else count for key, count in cells.items()
    }
    while any(isinstance(v, str) for v in published.values()):
        if not disclosed(total, published, floor, bounds):
            return published
        still_shown = sorted(
            (count, str(key), key) for key, count in published.items() if not isinstance(count, str)
        )
        if not still_shown:
            return None
        published[still_shown[0][2]] = WITHHELD
    return published


def with_total(
    total: int, rows: Mapping[str, Mapping[Hashable, int]], floor: int = 1
) -> tuple[int | str, dict[str, dict]]:
    """A total and rows that each add up to it, safe to publish together: the total
    exact, each row protected (an empty row where it cannot be); or, for a total below
    5, "fewer than 5" and every row empty (the number of values listed would bound it)."""
    published = shown(total)
    if published != total:
        return published, {name: {} for name in rows}
    return total, {name: protect(total, row, floor) or {} for name, row in rows.items()}
