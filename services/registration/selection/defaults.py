"""Quotas a secretariat can start from: the pool's proportions with slack, and floors for
groups the guidance asks to reach (migrant-led organisations, young people)."""

from __future__ import annotations

import math
from collections import Counter

from .problem import DEFAULT_ROLE, Person, Quota

SLACK = 0.2
FLOORS = {("migrant_led", "yes"): 0.3, ("age_band", "18_29"): 0.2}


def default_quotas(
    people: list[Person], seats: int, features: list[str], role: str = DEFAULT_ROLE
) -> list[Quota]:
    """Per feature value: [share x (1 - SLACK), share x (1 + SLACK)] of the seats, rounded
    outwards, raised to the floors above, and never more than the pool holds."""
    quotas = []
    pool = [p for p in people if role in p.roles]
    if not pool:
        return quotas
    for feature in features:
        counts = Counter(p.features.get(feature, "") for p in pool)
        for value, count in sorted(counts.items()):
            if not value:
                continue
            share = count / len(pool)
            low = math.floor(seats * share * (1 - SLACK))
            high = math.ceil(seats * share * (1 + SLACK))
            floor = FLOORS.get((feature, value))
            if floor:
                low = max(low, math.ceil(seats * floor))
            high = max(high, low)
            quotas.append(Quota(feature, value, min(low, count), min(high, count, seats), role))
    return quotas
