"""The draw: a committed seed, a panel from the distribution, people within types.

The seed is chosen and its SHA-256 published before the draw, and revealed after it:
anyone with the published inputs, the distribution and the seed draws the same panel.
Randomness comes only from `random.Random(seed)`, used in a fixed order: one number to
pick the panel, then one shuffle per type (members sorted by id) to pick its people.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from bisect import bisect_right
from itertools import accumulate

from .problem import Quota


def new_seed() -> str:
    return secrets.token_hex(16)


def seed_hash(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def draw(
    panels: list[tuple],
    weights: list[float],
    columns: list[tuple[int, str]],
    members: list[list[str]],
    seed: str,
) -> dict[str, str]:
    """Person id -> role for the drawn panel (reserved seats not included)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible by design; the seed is the secret
    cumulative = list(accumulate(weights))
    pick = min(bisect_right(cumulative, rng.random() * cumulative[-1]), len(panels) - 1)
    panel = panels[pick]
    chosen: dict[str, str] = {}
    per_type: dict[int, list[tuple[str, int]]] = {}
    for (t, role), count in zip(columns, panel, strict=True):
        if count:
            per_type.setdefault(t, []).append((role, count))
    for t in sorted(per_type):
        people = sorted(members[t])
        rng.shuffle(people)
        for role, count in per_type[t]:
            for person in people[:count]:
                chosen[person] = role
            people = people[count:]
    return chosen


def replacement(
    selected: dict[str, str],
    withdrawn: str,
    candidates: dict[str, dict[str, str]],
    features: dict[str, dict[str, str]],
    quotas: list[Quota],
    seed: str,
    organisations: dict[str, str] | None = None,
    cap: int | None = None,
) -> str | None:
    """Someone to take `withdrawn`'s seat so that every quota still holds, drawn with
    `seed` from the candidates who would keep them; None when nobody would.

    `selected` maps everyone now seated (the one withdrawing included) to their role;
    `features` holds every seated person's features; `candidates` the others'.
    """
    role = selected[withdrawn]
    remaining = {pid: r for pid, r in selected.items() if pid != withdrawn}
    fitting = []
    for pid in sorted(candidates):
        if pid in selected:
            continue
        seated = {**remaining, pid: role}
        people = {**features, pid: candidates[pid]}
        if _keeps(seated, people, quotas) and _within_cap(seated, organisations, cap):
            fitting.append(pid)
    if not fitting:
        return None
    return random.Random(seed).choice(fitting)  # noqa: S311 - reproducible by design


def _keeps(seated: dict[str, str], people: dict[str, dict[str, str]], quotas) -> bool:
    for quota in quotas:
        count = sum(
            1
            for pid, role in seated.items()
            if role == quota.role and people[pid].get(quota.feature) == quota.value
        )
        if not quota.min <= count <= quota.max:
            return False
    return True


def _within_cap(seated, organisations, cap) -> bool:
    if not cap or not organisations:
        return True
    counts: dict[str, int] = {}
    for pid in seated:
        organisation = organisations.get(pid, "")
        if organisation:
            counts[organisation] = counts.get(organisation, 0) + 1
    return all(c <= cap for c in counts.values())
