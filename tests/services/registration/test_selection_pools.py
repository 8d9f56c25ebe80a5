"""Selections over an empty or a tiny pool: a clear 422 naming the role short of people
(never a solver error), for the feasibility check and for queuing alike."""

import pytest

from services.registration.selection.problem import Person, PoolTooSmall, Problem, Quota
from services.registration.selection.run import check, select
from services.registration.selection_runs import run_next

from .conftest import _track, event_settings, register, secretariat


def ece():
    return secretariat("ECE")


@pytest.fixture
def event(client, cms):
    tracks = [_track("consult", "consultation"), _track("side", "consultation")]
    settings = event_settings(tracks=tracks)
    assert client.put("/events/ev-small", json=settings, headers=cms).status_code == 200
    return "ev-small"


def eligible(client, cms, count: int, track: str = "consult") -> list[str]:
    ids = []
    for i in range(count):
        response = register(
            client, cms, event="ev-small", track=track, email=f"{track}{i}@example.org"
        )
        assert response.status_code == 201, response.get_json()
        ids.append(response.get_json()["id"])
    if ids:
        done = client.post(
            "/registrations/actions", json={"action": "eligible", "ids": ids}, headers=ece()
        )
        assert done.status_code == 200, done.get_json()
    return ids


def body(seats: int, quotas=(), **roles) -> dict:
    return {
        "name": "Small",
        "roles": roles or {"panel": {"track": "consult", "seats": seats}},
        "quotas": list(quotas),
    }


WOMEN = {"role": "panel", "feature": "gender", "value": "woman", "min": 1, "max": 2}


@pytest.mark.parametrize("quotas", [(), (WOMEN,)])
@pytest.mark.parametrize("path", ["/selections/check", "/selections"])
def test_an_empty_pool_is_refused_with_the_role_named(client, event, path, quotas):
    refused = client.post(f"/events/ev-small{path}", json=body(4, quotas), headers=ece())
    assert refused.status_code == 422, refused.get_json()
    payload = refused.get_json()
    assert payload["message"] == (
        "There are no eligible applicants for role panel (4 seats to fill)."
    )
    assert payload["errors"]["pool"] == [
        {"role": "panel", "track": "consult", "seats": 4, "pool": 0}
    ]
    assert client.get("/events/ev-small/selections", headers=ece()).get_json() == []


@pytest.mark.parametrize("path", ["/selections/check", "/selections"])
def test_a_pool_smaller_than_the_seats_is_refused(client, cms, event, path):
    eligible(client, cms, 2)
    refused = client.post(f"/events/ev-small{path}", json=body(3), headers=ece())
    assert refused.status_code == 422
    assert refused.get_json()["message"] == (
        "Role panel has 3 seats to fill but only 2 eligible applicants."
    )
    assert refused.get_json()["errors"]["pool"][0]["pool"] == 2


def test_one_empty_role_among_several_is_named(client, cms, event):
    eligible(client, cms, 3)
    roles = {"panel": {"track": "consult", "seats": 2}, "rapporteur": {"track": "side", "seats": 1}}
    refused = client.post("/events/ev-small/selections/check", json=body(0, **roles), headers=ece())
    assert refused.status_code == 422
    assert refused.get_json()["errors"]["pool"] == [
        {"role": "rapporteur", "track": "side", "seats": 1, "pool": 0}
    ]


def test_a_tiny_pool_that_fills_the_seats_is_checked_and_runs(app, client, cms, event):
    ids = eligible(client, cms, 2)
    quotas = client.get(
        "/events/ev-small/selections/defaults?track=consult&seats=2", headers=ece()
    ).get_json()
    fine = client.post("/events/ev-small/selections/check", json=body(2, quotas), headers=ece())
    assert fine.status_code == 200 and fine.get_json() == {"pool": 2, "feasible": True}
    queued = client.post("/events/ev-small/selections", json=body(2, quotas), headers=ece())
    assert queued.status_code == 202
    with app.app_context():
        assert run_next("w") == 1
    ready = client.get(f"/selections/{queued.get_json()['id']}", headers=ece()).get_json()
    assert ready["status"] == "ready" and ready["result"]["lowest"] == 1.0
    drawn = client.post(f"/selections/{ready['id']}/draw", headers=ece()).get_json()
    assert drawn["result"]["panel"] == sorted(ids)


def test_the_library_says_which_role_is_short_and_seats_nobody_when_nobody_is_needed():
    people = [Person("a", {"gender": "woman"}), Person("b", {"gender": "man"})]
    with pytest.raises(PoolTooSmall) as raised:
        check(Problem(people=[], seats={"panel": 1}, quotas=[Quota("gender", "woman", 0, 1)]))
    assert raised.value.shortfalls == [{"role": "panel", "seats": 1, "pool": 0}]
    with pytest.raises(PoolTooSmall, match="only 2 eligible"):
        select(Problem(people=people, seats={"panel": 3}))
    # Every seat reserved: nobody left to draw, and the solver is not asked about nothing.
    everyone = Problem(people=people, seats={"panel": 2}, reserved={"a": "panel", "b": "panel"})
    assert check(everyone) is None
    assert select(everyone, seed="s")["panel"] == ["a", "b"]


def test_reserved_and_excluded_take_the_reference_people_quote(app, client, cms, event):
    """The 8-character reference in the e-mails was refused by the set-up form."""
    import uuid

    ids = eligible(client, cms, 4)
    quoted = [uuid.UUID(rid).hex[-8:].upper() for rid in ids]
    setup = {**body(2), "reserved": {quoted[0].lower(): "panel"}, "excluded": [quoted[1]]}
    queued = client.post("/events/ev-small/selections", json=setup, headers=ece())
    assert queued.status_code == 202, queued.get_json()
    with app.app_context():
        from services.registration.extensions import db
        from services.registration.models import Selection

        kept = db.session.get(Selection, uuid.UUID(queued.get_json()["id"]))
        assert kept.reserved == {ids[0]: "panel"} and kept.excluded == [ids[1]]
    unknown = client.post(
        "/events/ev-small/selections/check",
        json={**body(2), "excluded": ["ABCDEF12"]},
        headers=ece(),
    )
    assert unknown.status_code == 422
    assert unknown.get_json()["errors"]["excluded"] == [
        "ABCDEF12 is not a registration of this event."
    ]
