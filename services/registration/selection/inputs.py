"""The exact input file of a selection, committed by its SHA-256 before the run.

The file holds what the draw depends on and nothing that names anyone: pseudonymous ids
(registration references), the feature values the quotas count, the roles each person
may take, seats, quotas, the cap per organisation (organisations as labels `org-1`,
`org-2`, ... in the order they first appear), reserved seats and exclusions. The service
runs from this file, and `python -m services.registration.selection --inputs FILE --seed
SEED` runs from it too, so an observer holding the file and the revealed seed gets the
same panel. Its text is canonical (sorted keys, UTF-8, one trailing newline): the
commitment is the SHA-256 of its bytes.
"""

from __future__ import annotations

import hashlib
import json

from .problem import Person, Problem, Quota, SelectionError

FORMAT = "convene-selection-inputs"
VERSION = 1


def dump(problem: Problem) -> str:
    """The canonical text of `problem`'s input file."""
    labels: dict[str, str] = {}
    people = []
    for person in sorted(problem.people, key=lambda p: p.id):
        organisation = ""
        if problem.organisation_cap and person.organisation:
            organisation = labels.setdefault(person.organisation, f"org-{len(labels) + 1}")
        people.append(
            {
                "id": person.id,
                "roles": list(person.roles),
                "features": dict(sorted(person.features.items())),
                "organisation": organisation,
            }
        )
    data = {
        "format": FORMAT,
        "version": VERSION,
        "seats": dict(sorted(problem.seats.items())),
        "quotas": [
            {"role": q.role, "feature": q.feature, "value": q.value, "min": q.min, "max": q.max}
            for q in problem.quotas
        ],
        "organisation_cap": problem.organisation_cap,
        "reserved": dict(sorted(problem.reserved.items())),
        "excluded": sorted(problem.excluded),
        "people": people,
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def digest(text: str) -> str:
    """The commitment: SHA-256 of the file's UTF-8 bytes, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load(text: str) -> Problem:
    """The selection described by an input file (as `dump` writes it)."""
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise SelectionError(f"Not a {FORMAT} file of version {VERSION}.")
        return Problem(
            people=[
                Person(
                    id=str(p["id"]),
                    features={str(k): str(v) for k, v in p["features"].items()},
                    roles=tuple(p["roles"]),
                    organisation=p.get("organisation", ""),
                )
                for p in data["people"]
            ],
            seats={str(role): int(n) for role, n in data["seats"].items()},
            quotas=[
                Quota(q["feature"], q["value"], int(q["min"]), int(q["max"]), q["role"])
                for q in data["quotas"]
            ],
            organisation_cap=data.get("organisation_cap"),
            reserved={str(k): str(v) for k, v in data.get("reserved", {}).items()},
            excluded=frozenset(str(x) for x in data.get("excluded", [])),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SelectionError(f"The input file cannot be read: {type(exc).__name__}.") from exc
