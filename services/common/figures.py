"""Public figures: a count below 5 is shown as "fewer than 5", so nobody can be singled
out (every service that publishes counts uses this one rule)."""

SMALLEST_SHOWN = 5
HIDDEN = "fewer than 5"


def shown(count: int) -> int | str:
    return count if count >= SMALLEST_SHOWN else HIDDEN
