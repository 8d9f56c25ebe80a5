"""Issue 17, section 6: published counts hide values under 5, and no hidden value can be
derived from the totals published with them. Tested by deriving: an attacker who knows
every published number and total, the markers' bounds ("fewer than 5": floor to 4; "not
shown": at least 5 and no more than the smallest count still shown in its row), and any
bound published beside a row, works out every value each hidden cell can take, by exact
enumeration of the sums the other hidden cells can make. For many random tables (a seeded
loop: Hypothesis is not a dependency), no hidden cell has a single possible value, and the
true value is always among the possible ones (the attacker's model is right)."""

import random

import pytest

from services.common.figures import HIDDEN, WITHHELD, protect, ranges, with_total
from services.registration.selection_report import protected_balance

ROUNDS = 3000


def possible_values(total, published, floor=1, bounds=None) -> dict:
    """The attacker: for each cell not shown, every value consistent with all they know.

    Written apart from `figures.ranges` (an enumeration, not interval arithmetic)."""
    bounds = bounds or {}
    numbers = [v for v in published.values() if isinstance(v, int)]
    rest, cap = total - sum(numbers), min(numbers, default=total)
    domains = {}
    for key, value in published.items():
        if isinstance(value, int):
            continue
        low, high = (floor, 4) if value == HIDDEN else (5, cap)
        known_low, known_high = bounds.get(key, (0, total))
        domains[key] = range(max(low, known_low), min(high, known_high, total) + 1)
    found = {}
    for key, domain in domains.items():
        sums = {0}
        for other, values in domains.items():
            if other != key:
                sums = {s + v for s in sums for v in values if s + v <= rest}
        found[key] = {v for v in domain if rest - v in sums}
    return found


def assert_nothing_derivable(total, cells, published, floor=1, bounds=None):
    for key, values in possible_values(total, published, floor, bounds).items():
        assert cells[key] in values, (cells, published, key)  # the model holds
        assert len(values) > 1, ("derived", key, cells[key], cells, published)


def random_people(rng: random.Random, features: dict[str, int]) -> list[dict]:
    """A small population, skewed so that many counts fall below 5."""
    size = rng.choice([0, 1, 3, 5, 6, 7, 9, 12, 15, 20, 30, 45])
    weights = {f: [rng.random() ** 3 for _ in range(n)] for f, n in features.items()}
    return [
        {f: rng.choices(range(n), weights[f])[0] for f, n in features.items()} for _ in range(size)
    ]


def counts(people: list[dict], feature: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for person in people:
        value = f"v{person[feature]}"
        found[value] = found.get(value, 0) + 1
    return found


def test_the_derivation_recovers_a_hidden_cell_without_secondary_suppression():
    """The attack as reported: a total and the shown cells give the hidden one."""
    cells = {"woman": 6, "man": 1}
    primary_only = {k: HIDDEN if v < 5 else v for k, v in cells.items()}
    assert possible_values(7, primary_only) == {"man": {1}}
    two_small = {"a": 1, "b": 1, "c": 9}  # two hidden cells adding up to 2
    primary_only = {k: HIDDEN if v < 5 else v for k, v in two_small.items()}
    assert possible_values(11, primary_only) == {"a": {1}, "b": {1}}
    assert protect(7, cells) == {"woman": WITHHELD, "man": HIDDEN}
    assert_nothing_derivable(7, cells, protect(7, cells))


def test_a_row_that_cannot_be_protected_is_not_published():
    assert protect(6, {"yes": 1, "no": 5}) is None  # hidden or not: 1 and 5
    assert with_total(6, {"migrant_led": {"yes": 1, "no": 5}}) == (6, {"migrant_led": {}})
    assert with_total(4, {"gender": {"a": 2, "b": 2}}) == (HIDDEN, {"gender": {}})


def test_the_model_and_the_enumeration_agree():
    """`figures.ranges` (what `protect` checks) gives what the enumeration gives, for rows
    published as `protect` would (counts below 5 hidden, the smallest others withheld)."""
    rng = random.Random(1701)
    for _ in range(ROUNDS):
        cells = counts(random_people(rng, {"f": rng.randint(1, 6)}), "f")
        total, cut = sum(cells.values()), rng.choice([0, 5, 6, 8, 12, 20])
        published = {k: HIDDEN if v < 5 else WITHHELD if v <= cut else v for k, v in cells.items()}
        derived = possible_values(total, published)
        for key, (low, high) in ranges(total, published).items():
            assert derived[key] == set(range(low, high + 1)), (cells, published)


def test_registration_statistics_never_disclose_a_hidden_count():
    """Registration statistics: a total and five rows (category, sub-region, gender, age
    band, migrant-led), each adding up to it; derived row by row, the total being known."""
    rng = random.Random(17)
    features = {"category": 6, "subregion": 8, "gender": 5, "age_band": 4, "migrant_led": 2}
    protected = withheld = 0
    for _ in range(ROUNDS):
        people = random_people(rng, features)
        rows = {f: counts(people, f) for f in features}
        total, tables = with_total(len(people), rows)
        if total == HIDDEN:
            assert len(people) < 5 and all(table == {} for table in tables.values())
            continue
        assert total == len(people)
        for feature, table in tables.items():
            if not table:
                continue  # left out: nothing published to derive from
            assert table.keys() == rows[feature].keys()
            assert all(
                table[k] == v for k, v in rows[feature].items() if v >= 5 and table[k] != WITHHELD
            )
            assert_nothing_derivable(total, rows[feature], table)
            protected += HIDDEN in table.values()
            withheld += WITHHELD in table.values()
    assert protected > 500 and withheld > 300  # the loop did meet the cases that matter


def test_grievance_figures_never_disclose_a_hidden_count():
    """Grievance figures: per region and kind, the categories add up to "received"."""
    rng = random.Random(42)
    for _ in range(ROUNDS):
        cells = counts(random_people(rng, {"category": 8}), "category")
        received, rows = with_total(sum(cells.values()), {"by_category": cells})
        if received == HIDDEN:
            assert rows == {"by_category": {}}
            continue
        if rows["by_category"]:
            assert_nothing_derivable(received, cells, rows["by_category"])


def random_balance(rng: random.Random) -> list[dict]:
    """A selection's balance rows: per role and feature value, pool, quota and selected."""
    rows = []
    for role in ("panel", "observers"):
        people = random_people(rng, {"gender": 3, "age_band": 4})
        seats = rng.randint(0, len(people))
        chosen = rng.sample(people, seats)
        for feature, values in (("gender", 3), ("age_band", 4)):
            pool, selected = counts(people, feature), counts(chosen, feature)
            for value in (f"v{i}" for i in range(values)):
                n = selected.get(value, 0)
                low, high = max(0, n - rng.randint(0, 2)), n + rng.randint(0, 2)
                rows.append(
                    {
                        "role": role,
                        "feature": feature,
                        "value": value,
                        "pool": pool.get(value, 0),
                        "min": low,
                        "max": high,
                        "selected": n,
                    }
                )
    return rows


def test_selection_reports_never_disclose_a_hidden_count():
    """The transparency report: pool and selected per quota row. Every value of a feature
    is listed (zero too), each column adds up to a known total (the pool's size, the
    seats), a quota bounds each selected count, and a pool is never below its selected."""
    rng = random.Random(7)
    for _ in range(ROUNDS // 3):
        rows = random_balance(rng)
        published = protected_balance(rows)
        groups: dict = {}
        for row, shown_row in zip(rows, published, strict=True):
            groups.setdefault((row["role"], row["feature"]), []).append((row, shown_row))
        for group in groups.values():
            for column, other in (("pool", "selected"), ("selected", "pool")):
                cells = {row["value"]: row[column] for row, _ in group}
                shown = {row["value"]: out[column] for row, out in group}
                if all(value is None for value in shown.values()):
                    continue  # not published
                bounds = {}
                for row, out in group:
                    known = out[other] if isinstance(out[other], int) else None
                    if column == "pool":
                        bounds[row["value"]] = (known or 0, sum(cells.values()))
                    else:
                        most = row["max"] if known is None else min(row["max"], known)
                        bounds[row["value"]] = (row["min"], most)
                assert_nothing_derivable(sum(cells.values()), cells, shown, 0, bounds)


@pytest.mark.parametrize("total", [5, 6, 7, 11, 23])
def test_every_small_two_and_three_way_split_is_protected_or_left_out(total):
    """Exhaustively, every row of two or three cells adding up to `total`."""
    for a in range(1, total):
        for b in range(1, total - a + 1):
            c = total - a - b
            cells = {"a": a, "b": b, "c": c} if c else {"a": a, "b": b}
            published = protect(total, cells)
            if published is not None:
                assert_nothing_derivable(total, cells, published)
