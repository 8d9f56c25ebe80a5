"""`sortition-algorithms` (GPL-3.0) LEXIMIN on the same pools as `bench.selection`, for
comparison only. Runs in its own virtual environment (`bench/.venv-sortition`, made by
`make bench-sortition`) and reads the pools as CSV files: nothing of Convene imports it.

Prints, per pool, `sortition pool=P seats=K backend=B seconds=S min=M` (or `stopped`).
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import time
from pathlib import Path


def _run(folder: str, seats: int, backend: str, out) -> None:
    from sortition_algorithms.committee_generation.leximin import find_distribution_leximin
    from sortition_algorithms.features import read_in_features
    from sortition_algorithms.people import read_in_people
    from sortition_algorithms.settings import Settings

    with open(Path(folder) / "quotas.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    features, _, _ = read_in_features(
        ["feature", "value", "min", "max"], rows, number_to_select=seats
    )
    with open(Path(folder) / "people.csv", newline="") as handle:
        reader = csv.DictReader(handle)
        head, body = reader.fieldnames, list(reader)
    settings = Settings(id_column="id", columns_to_keep=[], solver_backend=backend)
    people, _ = read_in_people(head, body, features, settings)
    started = time.monotonic()
    committees, weights, _ = find_distribution_leximin(
        features, people, seats, [], solver_backend=backend
    )
    seconds = time.monotonic() - started
    chance = dict.fromkeys(people, 0.0)
    for committee, weight in zip(committees, weights, strict=True):
        for pid in committee:
            chance[pid] += weight
    out.put((seconds, min(chance.values())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", nargs="+", help="folders with people.csv, quotas.csv, seats")
    parser.add_argument("--backend", default="highspy")
    parser.add_argument("--limit", type=float, default=300)
    args = parser.parse_args()
    for folder in args.folders:
        seats = int((Path(folder) / "seats").read_text())
        pool = sum(1 for _ in open(Path(folder) / "people.csv")) - 1
        out = multiprocessing.Queue()
        worker = multiprocessing.Process(target=_run, args=(folder, seats, args.backend, out))
        worker.start()
        worker.join(args.limit)
        if worker.is_alive():
            worker.terminate()
            stopped = f"stopped>{args.limit:.0f}s"
            print(f"sortition pool={pool} seats={seats} backend={args.backend} {stopped}")
            continue
        seconds, lowest = out.get()
        print(
            f"sortition pool={pool} seats={seats} backend={args.backend} "
            f"seconds={seconds:.1f} min={lowest:.4f}"
        )


if __name__ == "__main__":
    main()
