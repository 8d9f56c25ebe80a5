"""`python -m services.registration.selection --inputs inputs.json --seed S --out
result.json`: the selection an observer can reproduce from the input file the
secretariat committed to (see `inputs`) and the seed revealed with the draw. The file's
SHA-256 is printed first, to compare with the published commitment.

Or from two tables: `--people people.csv --quotas quotas.csv --seats N` (people.csv: an
`id` column and one column per feature, optional `organisation`, used by `--cap`;
quotas.csv: `feature,value,min,max`). Progress goes to standard error.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from . import inputs
from .problem import Person, Problem, Quota, SelectionError
from .run import InfeasibleQuotas, select


def read_people(path: Path) -> list[Person]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "id" not in rows[0]:
        raise SelectionError(f"{path}: the first row must name the columns, one of them `id`.")
    return [
        Person(
            id=row["id"].strip(),
            features={
                k: (v or "").strip() for k, v in row.items() if k not in ("id", "organisation")
            },
            organisation=(row.get("organisation") or "").strip(),
        )
        for row in rows
    ]


def read_quotas(path: Path) -> list[Quota]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    quotas = []
    for number, row in enumerate(rows, start=2):
        try:
            quotas.append(
                Quota(
                    row["feature"].strip(), row["value"].strip(), int(row["min"]), int(row["max"])
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SelectionError(
                f"{path}, line {number}: needs feature, value, min and max (whole numbers)."
            ) from exc
    return quotas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.registration.selection")
    parser.add_argument("--inputs", type=Path, help="the committed input file (JSON)")
    parser.add_argument("--people", type=Path)
    parser.add_argument("--quotas", type=Path)
    parser.add_argument("--seats", type=int)
    parser.add_argument("--seed", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cap", type=int, default=None, help="at most this many per organisation")
    args = parser.parse_args(argv)
    if not args.inputs and None in (args.people, args.quotas, args.seats):
        parser.error("give --inputs, or --people, --quotas and --seats")
    try:
        if args.inputs:
            text = args.inputs.read_bytes().decode("utf-8")
            print(f"input file SHA-256: {inputs.digest(text)}", file=sys.stderr)
            problem = inputs.load(text)
        else:
            problem = Problem(
                people=read_people(args.people),
                seats={"panel": args.seats},
                quotas=read_quotas(args.quotas),
                organisation_cap=args.cap,
            )
        result = select(
            problem,
            seed=args.seed,
            progress=lambda p: print(
                f"stage {p['stage']}: {p['fixed']}/{p['types']} types fixed, "
                f"{p['panels']} panels, {p['seconds']} s",
                file=sys.stderr,
            ),
        )
    except InfeasibleQuotas as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (SelectionError, OSError, UnicodeDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(
        f"panel of {len(result['panel'])}; lowest probability {result['lowest']:.4f}, "
        f"median {result['median']:.4f}; {result['seconds']} s -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
