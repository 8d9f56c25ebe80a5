"""The chair's list of speakers from the floor: categories and sub-regions take turns.

At each turn the next speaker is the one whose category, then sub-region, has spoken
least so far, never (while anyone else is left) the category or sub-region that spoke
just before; ties go by a seeded shuffle, so the list can be reproduced.
"""

from __future__ import annotations

import random


def speaking_order(speakers: list[dict], seed: str) -> list[str]:
    """`speakers`: dicts with `id`, `category`, `subregion`; returns the ids in order."""
    rng = random.Random(seed)  # noqa: S311 - the chair's list must be reproducible
    remaining = sorted(speakers, key=lambda s: s["id"])
    rng.shuffle(remaining)
    spoken_category: dict[str, int] = {}
    spoken_region: dict[str, int] = {}
    order: list[str] = []
    last = None
    while remaining:

        def rank(speaker, last=last):
            category, region = speaker.get("category", ""), speaker.get("subregion", "")
            repeat = last is not None and (category == last[0] or region == last[1])
            return (
                repeat,
                spoken_category.get(category, 0),
                spoken_region.get(region, 0),
            )

        best = min(range(len(remaining)), key=lambda i: rank(remaining[i]))
        speaker = remaining.pop(best)
        category, region = speaker.get("category", ""), speaker.get("subregion", "")
        spoken_category[category] = spoken_category.get(category, 0) + 1
        spoken_region[region] = spoken_region.get(region, 0) + 1
        order.append(speaker["id"])
        last = (category, region)
    return order
