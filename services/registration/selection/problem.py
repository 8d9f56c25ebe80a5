"""What a selection is asked to do, and the same question over types of people.

People with the same features (and the same roles they may take, and, under a cap, the
same organisation) are interchangeable: every quota and cap treats them alike, so the
LEXIMIN distribution gives them the same probability. The solver works on these types
and their counts, which turns thousands of people into a few hundred variables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

DEFAULT_ROLE = "panel"


class SelectionError(Exception):
    """The inputs cannot describe a selection (unknown role, negative quota, ...)."""


class PoolTooSmall(SelectionError):
    """Fewer people can take a role than it has seats (or nobody can): no quota is to
    blame, so there is nothing to relax. `shortfalls` holds one
    `{"role", "seats", "pool"}` per role short of people (seats net of reserved seats;
    role None: all the roles together)."""

    def __init__(self, shortfalls: list[dict]):
        self.shortfalls = shortfalls
        super().__init__(" ".join(_shortfall_text(s) for s in shortfalls))


def _shortfall_text(shortfall: dict) -> str:
    role, seats, pool = shortfall["role"], shortfall["seats"], shortfall["pool"]
    if role is None:
        return f"The roles have {seats} seats to fill together but only {pool} eligible applicants."
    if pool == 0:
        return f"There are no eligible applicants for role {role} ({seats} seats to fill)."
    return f"Role {role} has {seats} seats to fill but only {pool} eligible applicants."


@dataclass(frozen=True)
class Person:
    id: str
    features: dict[str, str]
    roles: tuple[str, ...] = (DEFAULT_ROLE,)
    organisation: str = ""


@dataclass(frozen=True)
class Quota:
    feature: str
    value: str
    min: int
    max: int
    role: str = DEFAULT_ROLE

    @property
    def label(self) -> str:
        where = "" if self.role == DEFAULT_ROLE else f"{self.role}: "
        return f"{where}{self.feature}={self.value} [{self.min}, {self.max}]"


@dataclass
class Problem:
    """People, seats per role, quotas, an optional cap per organisation, reserved seats
    (already chosen: they count against quotas and seats) and exclusions."""

    people: list[Person]
    seats: dict[str, int]
    quotas: list[Quota] = field(default_factory=list)
    organisation_cap: int | None = None
    reserved: dict[str, str] = field(default_factory=dict)  # person id -> role
    excluded: frozenset[str] = frozenset()

    def check(self) -> None:
        ids = [p.id for p in self.people]
        if len(set(ids)) != len(ids):
            raise SelectionError("Every person needs a different id.")
        known = {p.id for p in self.people}
        for pid, role in self.reserved.items():
            if pid not in known:
                raise SelectionError(f"Reserved seat for an unknown person: {pid}.")
            if role not in self.seats:
                raise SelectionError(f"Reserved seat in an unknown role: {role}.")
        for quota in self.quotas:
            if quota.role not in self.seats:
                raise SelectionError(f"Quota for an unknown role: {quota.label}.")
            if not 0 <= quota.min <= quota.max:
                raise SelectionError(f"A quota needs 0 <= min <= max: {quota.label}.")
        if any(size < 0 for size in self.seats.values()):
            raise SelectionError("Seats cannot be negative.")
        if self.organisation_cap is not None and self.organisation_cap < 1:
            raise SelectionError("An organisation cap must be at least 1.")


def shortfalls(pool: list[Person], seats: dict[str, int]) -> list[dict]:
    """Roles with fewer people who may take them than seats to fill, then all the roles
    together (someone may take any one of several roles, but only one)."""
    found = []
    for role, size in seats.items():
        available = sum(1 for p in pool if role in p.roles)
        if available < size:
            found.append({"role": role, "seats": size, "pool": available})
    wanted = sum(seats.values())
    if not found and len(pool) < wanted:
        found.append({"role": None, "seats": wanted, "pool": len(pool)})
    return found


@dataclass
class Types:
    """The pool as types: `members[t]` are the ids of type t (sorted), `roles[t]` the roles
    they may take, `key[t]` their features; seats and quotas net of reserved seats."""

    members: list[list[str]]
    roles: list[tuple[str, ...]]
    key: list[dict[str, str]]
    organisation: list[str]
    seats: dict[str, int]
    quotas: list[Quota]
    reserved: dict[str, str]
    cap: int | None
    reserved_per_organisation: dict[str, int]

    @property
    def counts(self) -> list[int]:
        return [len(m) for m in self.members]

    def __len__(self) -> int:
        return len(self.members)


def to_types(problem: Problem) -> Types:
    """Group the pool (without reserved and excluded people) into types.

    Two people are interchangeable when every quota that can bind counts both or
    neither: a quota that can never bind (its min is met by nobody, its max by everyone
    in the pool who has the value) does not tell them apart, so a country capped above
    its number of applicants does not split the pool. Its row stays in the panel
    program, where it always holds.
    """
    problem.check()
    pool = [
        p
        for p in problem.people
        if p.id not in problem.reserved
        and p.id not in problem.excluded
        and any(r in p.roles for r in problem.seats)
    ]
    seats = dict(problem.seats)
    for role in problem.reserved.values():
        seats[role] -= 1
    if any(v < 0 for v in seats.values()):
        raise SelectionError("More reserved seats than seats.")
    short = shortfalls(pool, seats)
    if short:
        raise PoolTooSmall(short)
    reserved_people = {p.id: p for p in problem.people if p.id in problem.reserved}
    quotas = []
    for quota in problem.quotas:
        taken = sum(
            1
            for pid, role in problem.reserved.items()
            if role == quota.role
            and reserved_people[pid].features.get(quota.feature) == quota.value
        )
        low, high = max(0, quota.min - taken), quota.max - taken
        quotas.append(Quota(quota.feature, quota.value, low, high, quota.role))
    telling = defaultdict(set)  # feature -> values some binding quota counts
    for quota in quotas:
        having = sum(
            1
            for p in pool
            if quota.role in p.roles and p.features.get(quota.feature) == quota.value
        )
        if quota.min > 0 or quota.max < having:
            telling[quota.feature].add(quota.value)
    features = sorted(telling)
    by_key: dict[tuple, list[Person]] = defaultdict(list)
    for person in pool:
        roles = tuple(r for r in problem.seats if r in person.roles)
        organisation = person.organisation if problem.organisation_cap else ""
        values = tuple(
            v if (v := person.features.get(f, "")) in telling[f] else "" for f in features
        )
        by_key[values, roles, organisation].append(person)
    per_org: dict[str, int] = defaultdict(int)
    if problem.organisation_cap:
        for pid in problem.reserved:
            per_org[reserved_people[pid].organisation] += 1
    ordered = sorted(by_key.items(), key=lambda item: item[0])
    return Types(
        members=[sorted(p.id for p in people) for _, people in ordered],
        roles=[key[1] for key, _ in ordered],
        key=[dict(zip(features, key[0], strict=True)) for key, _ in ordered],
        organisation=[key[2] for key, _ in ordered],
        seats=seats,
        quotas=quotas,
        reserved=dict(problem.reserved),
        cap=problem.organisation_cap,
        reserved_per_organisation=dict(per_org),
    )
