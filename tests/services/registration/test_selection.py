"""LEXIMIN selection: exact on small pools, quotas kept everywhere, auditable draws."""

import itertools
import json
import random
import subprocess
import sys
from collections import Counter

import highspy
import numpy as np
import pytest

from services.registration.selection.defaults import default_quotas
from services.registration.selection.draw import replacement, seed_hash
from services.registration.selection.leximin import leximin
from services.registration.selection.order import speaking_order
from services.registration.selection.panels import PanelModel, new_highs
from services.registration.selection.problem import Person, Problem, Quota, to_types
from services.registration.selection.run import InfeasibleQuotas, check, select


def pool(n: int, seed: int = 1) -> list[Person]:
    rng = random.Random(seed)
    return [
        Person(
            f"p{i:03d}",
            {
                "gender": rng.choices(["f", "m", "x"], [5, 4, 1])[0],
                "subregion": rng.choices(["north", "south", "east"], [6, 3, 1])[0],
                "migrant_led": rng.choices(["yes", "no"], [1, 3])[0],
            },
            organisation=f"org{rng.randrange(n // 2 or 1)}",
        )
        for i in range(n)
    ]


def equal_regions(people, seats):
    return [Quota("subregion", r, 1, seats // 2) for r in ("north", "south", "east")] + [
        Quota("migrant_led", "yes", seats // 3, seats)
    ]


def brute_force_leximin(problem: Problem) -> list[float]:
    """Sorted LEXIMIN probabilities by enumerating every panel of people (small pools)."""
    people = problem.people
    k = problem.seats["panel"]
    panels = []
    for combo in itertools.combinations(range(len(people)), k):
        counts = Counter()
        for i in combo:
            for f, v in people[i].features.items():
                counts[f, v] += 1
        orgs = Counter(people[i].organisation for i in combo)
        if all(q.min <= counts[q.feature, q.value] <= q.max for q in problem.quotas) and (
            not problem.organisation_cap or max(orgs.values()) <= problem.organisation_cap
        ):
            panels.append(combo)
    n, m = len(people), len(panels)
    fixed: dict[int, float] = {}
    while len(fixed) < n:
        best = None
        h = new_highs()
        h.addVars(m, np.zeros(m), np.ones(m))
        h.addVar(0.0, 1.0)
        h.changeColCost(m, 1.0)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
        for i in range(n):
            cols = [j for j, p in enumerate(panels) if i in p]
            if i in fixed:
                h.addRow(
                    fixed[i] - 1e-9,
                    2.0,
                    len(cols),
                    np.array(cols, dtype=np.int32),
                    np.ones(len(cols)),
                )
            else:
                idx = np.array([*cols, m], dtype=np.int32)
                h.addRow(0.0, 2.0, len(idx), idx, np.append(np.ones(len(cols)), -1.0))
        h.run()
        best = h.getInfo().objective_function_value
        # fix everyone who cannot exceed `best`
        for i in range(n):
            if i in fixed:
                continue
            h2 = new_highs()
            h2.passModel(h.getLp())
            cols = [j for j, p in enumerate(panels) if i in p]
            h2.changeColsCost(m + 1, np.arange(m + 1, dtype=np.int32), np.zeros(m + 1))
            h2.changeColsCost(len(cols), np.array(cols, dtype=np.int32), np.ones(len(cols)))
            h2.changeColBounds(m, best - 1e-9, 1.0)
            h2.run()
            if h2.getInfo().objective_function_value <= best + 1e-7:
                fixed[i] = best
    return sorted(fixed.values())


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_leximin_equals_the_brute_force_optimum_on_small_pools(seed):
    people = pool(9, seed)
    quotas = [
        Quota("subregion", "north", 0, 2),  # the majority region held back: unequal chances
        Quota("gender", "f", 1, 3),
        Quota("migrant_led", "yes", 1, 4),
    ]
    problem = Problem(people, {"panel": 4}, quotas)
    assert check(problem) is None
    expected = brute_force_leximin(problem)
    result = select(problem, seed="s")
    ours = sorted(result["probabilities"].values())
    assert ours[0] == pytest.approx(expected[0], abs=1e-6)
    assert ours == pytest.approx(expected, abs=1e-6)
    types = to_types(problem)  # the long way (column generation stage by stage) agrees
    long_way = leximin(types, shortcut=False)
    per_person = sorted(np.repeat(long_way.probability, types.counts))
    assert per_person == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("shortcut", [True, False])
def test_every_panel_of_the_distribution_keeps_every_quota_and_probabilities_sum_to_seats(
    shortcut,
):
    people = pool(120, 7)
    seats = 20
    problem = Problem(people, {"panel": seats}, equal_regions(people, seats))
    types = to_types(problem)
    model = PanelModel(types)
    distribution = leximin(types, model, shortcut=shortcut)
    assert sum(distribution.weights) == pytest.approx(1.0)
    for panel in distribution.panels:
        seated = model.per_type(panel)
        assert seated.sum() == seats
        for quota in types.quotas:
            count = sum(
                seated[t] for t in range(len(types)) if types.key[t][quota.feature] == quota.value
            )
            assert quota.min <= count <= quota.max
    per_person = np.repeat(distribution.probability, types.counts)
    assert per_person.sum() == pytest.approx(seats, abs=1e-6)


def test_the_same_seed_draws_the_same_panel_and_its_hash_is_published():
    people = pool(60, 3)
    problem = Problem(people, {"panel": 10}, equal_regions(people, 10))
    first, again = select(problem, seed="abc123"), select(problem, seed="abc123")
    assert first["panel"] == again["panel"] and len(first["panel"]) == 10
    assert first["seed_sha256"] == seed_hash("abc123")
    draws = {tuple(select(problem, seed=f"seed-{i}")["panel"]) for i in range(6)}
    assert len(draws) > 1  # different seeds, different panels


def test_infeasible_quotas_name_the_conflict_and_the_smallest_relaxation():
    people = [Person(f"p{i}", {"gender": "f" if i < 3 else "m", "region": "a"}) for i in range(10)]
    quotas = [
        Quota("gender", "f", 5, 6),  # only 3 women
        Quota("gender", "m", 0, 6),
        Quota("region", "a", 0, 8),
    ]
    with pytest.raises(InfeasibleQuotas) as failure:
        select(Problem(people, {"panel": 8}, quotas), seed="x")
    diagnosis = failure.value.diagnosis
    assert [q.value for q in diagnosis.conflicting] == ["f"]
    assert diagnosis.relaxation == [{"quota": "gender=f [5, 6]", "min": 3, "max": 6}]
    assert "gender=f" in str(failure.value)


def test_a_conflict_between_two_quotas_is_named_as_the_pair():
    women = [Person(f"w{i}", {"gender": "f", "age": "old"}) for i in range(6)]
    young_men = [Person(f"m{i}", {"gender": "m", "age": "young"}) for i in range(6)]
    quotas = [Quota("gender", "f", 3, 4), Quota("age", "young", 3, 4), Quota("age", "old", 0, 4)]
    diagnosis = check(Problem(women + young_men, {"panel": 4}, quotas))
    assert {q.label for q in diagnosis.conflicting} == {"gender=f [3, 4]", "age=young [3, 4]"}
    moved = sum(
        q.min - r["min"] for q in quotas for r in diagnosis.relaxation if r["quota"] == q.label
    )
    assert moved == 2  # two seats fewer demanded, in total, is the least change


def test_an_organisation_cap_holds_in_every_panel():
    people = [
        Person(f"p{i}", {"gender": "fm"[i % 2]}, organisation="big" if i < 8 else f"o{i}")
        for i in range(14)
    ]
    problem = Problem(people, {"panel": 6}, [Quota("gender", "f", 3, 3)], organisation_cap=1)
    types = to_types(problem)
    model = PanelModel(types)
    for panel in leximin(types, model).panels:
        seated = model.per_type(panel)
        assert sum(seated[t] for t in range(len(types)) if types.organisation[t] == "big") <= 1
    result = select(problem, seed="cap")
    assert sum(1 for pid in result["panel"] if int(pid[1:]) < 8) <= 1


def test_reserved_seats_count_against_quotas_and_are_certain():
    people = pool(40, 5)
    reserved = {p.id: "panel" for p in people if p.features["migrant_led"] == "yes"}
    reserved = dict(list(reserved.items())[:2])
    quotas = [Quota("migrant_led", "yes", 2, 3)]
    result = select(Problem(people, {"panel": 8}, quotas, reserved=reserved), seed="r")
    for pid in reserved:
        assert pid in result["panel"] and result["probabilities"][pid] == 1.0
    features = {p.id: p.features for p in people}
    migrant_led = sum(1 for pid in result["panel"] if features[pid]["migrant_led"] == "yes")
    assert 2 <= migrant_led <= 3 and len(result["panel"]) == 8


def test_a_replacement_keeps_every_quota():
    people = pool(40, 9)
    quotas = equal_regions(people, 8)
    result = select(Problem(people, {"panel": 8}, quotas), seed="first")
    features = {p.id: p.features for p in people}
    selected = dict(result["roles"])
    others = {pid: f for pid, f in features.items() if pid not in selected}
    replaced = 0
    for leaving in selected:  # whoever withdraws: a replacement, if any, keeps the quotas
        chosen = replacement(selected, leaving, others, features, quotas, seed="second")
        if chosen is None:
            continue
        replaced += 1
        assert chosen not in selected
        panel = [pid for pid in selected if pid != leaving] + [chosen]
        for quota in quotas:
            count = sum(1 for pid in panel if features[pid][quota.feature] == quota.value)
            assert quota.min <= count <= quota.max
    assert replaced >= 4


def test_default_quotas_are_proportional_with_floors():
    people = pool(200, 4)
    quotas = {
        (q.feature, q.value): q for q in default_quotas(people, 20, ["gender", "migrant_led"])
    }
    assert quotas["migrant_led", "yes"].min >= 6  # the 30 % floor of 20 seats
    women = sum(1 for p in people if p.features["gender"] == "f") / 200
    assert quotas["gender", "f"].min <= 20 * women <= quotas["gender", "f"].max


def test_floor_speakers_alternate_categories_and_subregions():
    speakers = [
        {"id": f"s{i}", "category": "ngo" if i < 6 else "union", "subregion": "ab"[i % 2]}
        for i in range(10)
    ]
    order = speaking_order(speakers, seed="chair")
    assert order == speaking_order(speakers, seed="chair") and sorted(order) == sorted(
        s["id"] for s in speakers
    )
    by_id = {s["id"]: s for s in speakers}
    categories = [by_id[i]["category"] for i in order]
    assert categories[:8] == ["ngo", "union"] * 4 or categories[:8] == ["union", "ngo"] * 4


def run_cli(tmp_path, seats: int, seed: str, out: str) -> subprocess.CompletedProcess:
    """The selection command on tmp_path's people.csv and quotas.csv."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "services.registration.selection",
            "--people",
            str(tmp_path / "people.csv"),
            "--quotas",
            str(tmp_path / "quotas.csv"),
            "--seats",
            str(seats),
            "--seed",
            seed,
            "--out",
            str(tmp_path / out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_command_line_reproduces_a_selection(tmp_path):
    people = pool(50, 11)
    rows = ["id,gender,subregion,migrant_led"] + [
        f"{p.id},{p.features['gender']},{p.features['subregion']},{p.features['migrant_led']}"
        for p in people
    ]
    (tmp_path / "people.csv").write_text("\n".join(rows))
    quotas = equal_regions(people, 8)
    (tmp_path / "quotas.csv").write_text(
        "feature,value,min,max\n"
        + "\n".join(f"{q.feature},{q.value},{q.min},{q.max}" for q in quotas)
    )
    outputs = []
    for name in ("a.json", "b.json"):
        done = run_cli(tmp_path, 8, "audit-1", name)
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads((tmp_path / name).read_text()))
    a, b = outputs
    assert a["panel"] == b["panel"] and len(a["panel"]) == 8
    assert set(a["probabilities"]) == {p.id for p in people}
    assert a["seed"] == "audit-1" and a["seconds"] >= 0
    in_process = select(Problem(people, {"panel": 8}, quotas), seed="audit-1")
    assert in_process["panel"] == a["panel"]


def test_the_command_line_explains_infeasible_quotas(tmp_path):
    (tmp_path / "people.csv").write_text("id,gender\na,f\nb,m\nc,m\n")
    (tmp_path / "quotas.csv").write_text("feature,value,min,max\ngender,f,2,2\n")
    done = run_cli(tmp_path, 2, "x", "r.json")
    assert done.returncode == 2
    assert "gender=f [2, 2]" in done.stderr and not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("shortcut", [True, False])
def test_a_long_run_reports_progress_and_can_be_cancelled(shortcut):
    from services.registration.selection.errors import Cancelled

    people = pool(80, 12)
    problem = Problem(people, {"panel": 12}, equal_regions(people, 12))
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        leximin(to_types(problem), cancelled=cancelled, shortcut=shortcut)
    reports = []
    leximin(to_types(problem), progress=reports.append, shortcut=shortcut)
    assert reports and reports[-1]["fixed"] == reports[-1]["types"]


def test_several_roles_in_one_draw_seat_each_person_once():
    people = pool(40, 13)
    both = tuple(["participant", "speaker"])
    people = [
        Person(p.id, p.features, both if i % 2 else ("participant",), p.organisation)
        for i, p in enumerate(people)
    ]
    quotas = [  # opposite pulls per role: only role-aware quotas can keep both
        Quota("gender", "f", 3, 3, role="speaker"),
        Quota("gender", "f", 0, 1, role="participant"),
        Quota("migrant_led", "yes", 2, 6, role="participant"),
    ]
    problem = Problem(people, {"participant": 8, "speaker": 3}, quotas)
    result = select(problem, seed="roles")
    roles = result["roles"]
    assert len(roles) == 11 and sum(1 for r in roles.values() if r == "speaker") == 3
    speakers_can = {p.id for p in people if "speaker" in p.roles}
    assert all(pid in speakers_can for pid, r in roles.items() if r == "speaker")
    features = {p.id: p.features for p in people}
    women = Counter(r for pid, r in roles.items() if features[pid]["gender"] == "f")
    assert women["speaker"] == 3 and women["participant"] <= 1
    assert sum(result["probabilities"].values()) == pytest.approx(11, abs=1e-6)


def test_a_quota_that_can_never_bind_changes_nothing_and_splits_no_type():
    people = [
        Person(p.id, {**p.features, "country": f"C{i % 6}"}) for i, p in enumerate(pool(60, 21))
    ]
    quotas = equal_regions(people, 10)
    caps = [Quota("country", f"C{c}", 0, 10) for c in range(6)]  # 10 applicants each: never binds
    plain, capped = (
        Problem(people, {"panel": 10}, quotas),
        Problem(people, {"panel": 10}, quotas + caps),
    )
    assert len(to_types(capped)) == len(to_types(plain))
    assert select(capped, seed="c")["probabilities"] == pytest.approx(
        select(plain, seed="c")["probabilities"], abs=1e-6
    )
    tight = quotas + [Quota("country", "C0", 0, 1)]  # this one binds: C0 is told apart
    assert len(to_types(Problem(people, {"panel": 10}, tight))) > len(to_types(plain))


def test_peeling_turns_the_relaxations_point_into_real_panels():
    from bench.selection import generate, quotas_for
    from services.registration.selection.decompose import decompose
    from services.registration.selection.shortcut import relaxed_leximin

    people = generate(600)
    types = to_types(Problem(people, {"panel": 60}, quotas_for(people, 60)))
    model = PanelModel(types)
    point = relaxed_leximin(types)
    panels, weights, whole = decompose(model, point)
    assert whole and sum(weights) == pytest.approx(1.0, abs=1e-9)
    mix = sum(w * np.array(p, dtype=float) for p, w in zip(panels, weights, strict=True))
    assert np.abs(mix - point).max() < 1e-8  # every column seated exactly as the point says
    for panel in panels:  # and every panel is a real one: whole people, every row kept
        sums = model.matrix @ np.array(panel, dtype=float)
        assert (sums >= model.lower - 1e-9).all() and (sums <= model.upper + 1e-9).all()
    assert decompose(model, point)[0] == panels  # the same point, the same panels
