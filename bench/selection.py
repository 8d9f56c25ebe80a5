"""LEXIMIN selection on generated pools with skewed, realistic features.

Pools of 300 / 40 seats, 2,000 / 150 and 10,000 / 300: categories, sub-regions, countries,
gender, age band and migrant-led skewed as registrations are; quotas are the defaults a
secretariat starts from (proportional with slack, floors for migrant-led organisations
and young people) plus at most 15 % of the seats per country. Prints wall time, lowest
and median probability and the ideal (seats / pool), and ends with one line per pool:
`selection pool=P seats=K seconds=S min=M ideal=I`.

Run: `make bench-selection` (or `python -m bench.selection [--sizes 300:40,2000:150]`).
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from services.registration.selection.defaults import default_quotas
from services.registration.selection.errors import Cancelled
from services.registration.selection.panels import PanelModel
from services.registration.selection.problem import Person, Problem, Quota, to_types
from services.registration.selection.run import select
from services.registration.selection.shortcut import relaxed_leximin

FEATURES = ["category", "subregion", "gender", "age_band", "migrant_led"]
CATEGORIES = {
    "civil_society": 30,
    "migrant_association": 14,
    "diaspora": 10,
    "academia": 10,
    "trade_union": 8,
    "private_sector": 7,
    "local_authority": 6,
    "faith_based": 5,
    "youth": 5,
    "national_human_rights_institution": 3,
    "media": 2,
}
SUBREGIONS = {"western": 40, "northern": 25, "southern": 18, "eastern": 12, "central": 5}
GENDERS = {"female": 52, "male": 44, "non_binary": 2, "prefer_not_to_say": 2}
AGES = {"under_18": 1, "18_29": 15, "30_59": 70, "60_plus": 14}


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def generate(n: int, seed: int = 2026) -> list[Person]:
    rng = random.Random(seed)
    countries = [f"C{i:02d}" for i in range(45)]
    zipf = [1 / (i + 1) for i in range(len(countries))]
    return [
        Person(
            f"a{i:05d}",
            {
                "category": pick(rng, CATEGORIES),
                "subregion": pick(rng, SUBREGIONS),
                "country": rng.choices(countries, zipf)[0],
                "gender": pick(rng, GENDERS),
                "age_band": pick(rng, AGES),
                "migrant_led": "yes" if rng.random() < 0.25 else "no",
            },
        )
        for i in range(n)
    ]


def quotas_for(people: list[Person], seats: int) -> list[Quota]:
    quotas = default_quotas(people, seats, FEATURES)
    most = math.ceil(seats * 0.15)
    for country in sorted({p.features["country"] for p in people}):
        quotas.append(Quota("country", country, 0, most))
    return quotas


def run(n: int, seats: int, limit: float) -> tuple[float, float, float] | None:
    people = generate(n)
    problem = Problem(people, {"panel": seats}, quotas_for(people, seats))
    started = time.monotonic()
    try:
        result = select(
            problem,
            seed="bench",
            progress=lambda p: print(
                f"    stage {p['stage']}: {p.get('fixed')}/{p.get('types')} types, "
                f"{p['panels']} panels, shortfall {p.get('shortfall', 0)}, {p['seconds']} s",
                file=sys.stderr,
            ),
            cancelled=lambda: time.monotonic() - started > limit,
        )
    except Cancelled:
        print(f"  {n} applicants / {seats} seats: not finished in {limit:.0f} s (stopped)")
        return None
    seconds = time.monotonic() - started
    probabilities = list(result["probabilities"].values())
    bound = relaxation_bound(problem)
    print(
        f"  {n} applicants / {seats} seats: {seconds:.1f} s; lowest {min(probabilities):.4f}, "
        f"median {statistics.median(probabilities):.4f}, ideal {seats / n:.4f} "
        f"(lowest/ideal {min(probabilities) / (seats / n):.2f}); "
        f"{result['stages']} stages, {result['panels_in_distribution']} panels drawn from"
    )
    exact = "exact" if min(probabilities) >= bound - 1e-7 else "NOT proven exact"
    print(f"    relaxation's bound on the lowest probability {bound:.6f}: {exact}")
    return seconds, min(probabilities), seats / n


def relaxation_bound(problem: Problem) -> float:
    """The lowest probability under LEXIMIN over fractional panels: no distribution over
    real panels does better, so reaching it proves the result exact."""
    types = to_types(problem)
    model = PanelModel(types)
    seated = model.per_type(relaxed_leximin(types))
    return float(min(seated / np.array(types.counts, dtype=float)))


def write(folder: Path, n: int, seats: int) -> None:
    """The pool in the command line's formats (people.csv, quotas.csv) and its seats."""
    folder.mkdir(parents=True, exist_ok=True)
    people = generate(n)
    with open(folder / "people.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", *FEATURES, "country"])
        for p in people:
            out.writerow([p.id, *(p.features[f] for f in FEATURES), p.features["country"]])
    with open(folder / "quotas.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["feature", "value", "min", "max"])
        for q in quotas_for(people, seats):
            out.writerow([q.feature, q.value, q.min, q.max])
    (folder / "seats").write_text(str(seats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="300:40,2000:150,10000:300")
    parser.add_argument("--limit", type=float, default=600, help="seconds per pool, then stop")
    parser.add_argument("--write", help="only write each pool as CSV files into this folder")
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in size.split(":")) for size in args.sizes.split(",")]
    if args.write:
        for n, seats in sizes:
            write(Path(args.write) / f"{n}_{seats}", n, seats)
        return
    lines = []
    for n, seats in sizes:
        outcome = run(n, seats, args.limit)
        if outcome is None:
            lines.append(
                f"selection pool={n} seats={seats} seconds=>{args.limit:.0f} min=? ideal=?"
            )
            continue
        seconds, lowest, ideal = outcome
        lines.append(
            f"selection pool={n} seats={seats} seconds={seconds:.1f} min={lowest:.4f} "
            f"ideal={ideal:.4f}"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
