"""Issue 17, section 3: seats are never oversold. 12 concurrent "select" actions on a
2-seat track selected 9 on PostgreSQL: the capacity was counted, then the status
updated, without a lock. Here 50 requests at once (each thread its own HTTP request
through the app, its own database connection) select, promote, bulk-select and withdraw
(which promotes the next on the waiting list) on one track of 2 seats."""

import threading
import uuid

import pytest
from sqlalchemy import func, select, update

from services.registration import links
from services.registration.extensions import db
from services.registration.models import Registration, StatusChange
from services.registration.selection_runs import run_next

from .conftest import _track, event_settings, register, secretariat

CAPACITY = 2  # the "consult" track of the conftest's event
SEATED = ("selected", "confirmed")


def people(app, client, cms, **statuses) -> dict[str, list[str]]:
    """Registrations on the 2-seat track, put straight into the statuses asked for."""
    made = {}
    for status, count in statuses.items():
        ids = [
            register(client, cms, email=f"{status}{i}@example.org").get_json()["id"]
            for i in range(count)
        ]
        with app.app_context():
            db.session.execute(
                update(Registration)
                .where(Registration.id.in_([uuid.UUID(i) for i in ids]))
                .values(status=status)
            )
            db.session.commit()
        made[status] = ids
    return made


def concurrently(app, calls) -> list:
    """Each call in its own thread with its own test client, all released at once."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i, call):
        client = app.test_client()
        barrier.wait(timeout=120)
        results[i] = call(client)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def act(rid, action):
    def call(client):
        answer = client.post(
            f"/registrations/{rid}/actions", json={"action": action}, headers=secretariat("ECE")
        )
        return answer.status_code, (1 if answer.status_code == 200 else 0)

    return call


def bulk(ids, action):
    def call(client):
        answer = client.post(
            "/registrations/actions",
            json={"action": action, "ids": ids},
            headers=secretariat("ECE"),
        )
        return answer.status_code, answer.get_json().get("count", 0)

    return call


def withdraw(token, cms):
    def call(client):
        answer = client.post("/self/withdraw", json={"token": token}, headers=cms)
        return answer.status_code, 0

    return call


def seated(app, event: str = "ev-1") -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(
                Registration.event_key == event,
                Registration.track_key == "consult",
                Registration.status.in_(SEATED),
            )
        )


def times_seated(app) -> dict[uuid.UUID, int]:
    """How often each registration was moved to "selected" (never twice for one seat)."""
    with app.app_context():
        rows = db.session.execute(
            select(StatusChange.registration_id, func.count())
            .where(StatusChange.status == "selected")
            .group_by(StatusChange.registration_id)
        ).all()
    return dict(rows)


def test_fifty_concurrent_selects_and_promotions_never_exceed_capacity(app, client, cms, event):
    made = people(app, client, cms, eligible=25, waitlisted=30)
    eligible, waiting = made["eligible"], made["waitlisted"]
    calls = [act(rid, "select") for rid in eligible[:20]]
    calls += [act(rid, "promote") for rid in waiting[:20]]
    calls += [bulk([eligible[20 + i], waiting[20 + i]], "select") for i in range(5)]
    calls += [bulk([waiting[25 + i]], "promote") for i in range(5)]
    assert len(calls) == 50
    results = concurrently(app, calls)
    assert {status for status, _ in results} <= {200, 409}, results
    assert sum(filled for _, filled in results) == CAPACITY  # as many as there are seats
    assert seated(app) == CAPACITY
    assert set(times_seated(app).values()) == {1}


def test_concurrent_withdrawals_promote_once_each_and_never_overfill(app, client, cms, event):
    made = people(app, client, cms, selected=2, waitlisted=30, eligible=30)
    with app.test_request_context():
        tokens = [
            links.make(reg.id, "self", reg.link_version)
            for reg in (db.session.get(Registration, uuid.UUID(rid)) for rid in made["selected"])
        ]
    # Both seated people withdraw twice at once (a double click), while the secretariat
    # selects and promotes others: each freed seat goes to one person, once.
    calls = [withdraw(token, cms) for token in tokens for _ in range(2)]
    calls += [act(rid, "promote") for rid in made["waitlisted"][10:]]
    calls += [act(rid, "select") for rid in made["eligible"][:22]]
    calls += [bulk(made["eligible"][22 + 2 * i : 24 + 2 * i], "select") for i in range(4)]
    assert len(calls) == 50
    results = concurrently(app, calls)
    assert {status for status, _ in results} <= {200, 409}, results
    assert seated(app) == CAPACITY  # both freed seats filled, never more
    assert set(times_seated(app).values()) == {1}
    with app.app_context():
        left = db.session.scalars(
            select(Registration.status).where(
                Registration.id.in_([uuid.UUID(rid) for rid in made["selected"]])
            )
        ).all()
    assert left == ["withdrawn", "withdrawn"]


def self_token(app, rid: str) -> str:
    with app.test_request_context():
        reg = db.session.get(Registration, uuid.UUID(rid))
        return links.make(reg.id, "self", reg.link_version)


def post(path):
    def call(client):
        answer = client.post(path, headers=secretariat("ECE"))
        return answer.status_code, 0

    return call


@pytest.fixture
def drawn(app, client, cms):
    """A drawn selection of 8 seats on a track of 8 places, from 20 eligible people."""
    settings = event_settings(tracks=[_track("consult", "consultation", capacity=8)])
    assert client.put("/events/ev-sel", json=settings, headers=cms).status_code == 200
    ids = [
        register(client, cms, event="ev-sel", email=f"p{i}@example.org").get_json()["id"]
        for i in range(20)
    ]
    assert bulk(ids, "eligible")(client)[1] == 20
    roles = {"panel": {"track": "consult", "seats": 8}}
    body = {"name": "Panel", "roles": roles, "quotas": []}
    selection = client.post("/events/ev-sel/selections", json=body, headers=secretariat("ECE"))
    assert selection.status_code == 202, selection.get_json()
    sid = selection.get_json()["id"]
    with app.app_context():
        run_next("w")
    result = client.post(f"/selections/{sid}/draw", headers=secretariat("ECE")).get_json()
    return sid, ids, result["result"]["panel"]


def test_decisions_racing_selections_never_overfill_the_track(app, drawn):
    sid, ids, panel = drawn
    others = [rid for rid in ids if rid not in panel]
    calls = [post(f"/selections/{sid}/decisions")] + [act(rid, "select") for rid in others[:6]]
    results = concurrently(app, calls)
    assert {status for status, _ in results} <= {200, 409}, results
    decided, selects = results[0][0], sum(filled for _, filled in results[1:])
    # Either the decisions came first and filled the 8 places, or a selection did and the
    # decisions were refused: never 8 plus the others.
    assert (decided, selects) in ((200, 0), (409, selects))
    assert seated(app, "ev-sel") == (8 if decided == 200 else selects) <= 8


def test_a_replacement_racing_selections_fills_the_freed_seat_once(app, cms, drawn):
    sid, ids, panel = drawn
    client = app.test_client()
    assert post(f"/selections/{sid}/decisions")(client)[0] == 200
    leaving = panel[0]
    gone = client.post("/self/withdraw", json={"token": self_token(app, leaving)}, headers=cms)
    assert gone.status_code == 200 and seated(app, "ev-sel") == 7

    def replace(client):
        answer = client.post(
            f"/selections/{sid}/replacements",
            json={"withdrawn": leaving},
            headers=secretariat("ECE"),
        )
        return answer.status_code, (1 if answer.status_code == 200 else 0)

    others = [rid for rid in ids if rid not in panel]
    results = concurrently(app, [replace] + [act(rid, "select") for rid in others[:10]])
    assert {status for status, _ in results} <= {200, 409}, results
    assert sum(filled for _, filled in results) == 1  # one freed seat, filled once
    assert seated(app, "ev-sel") == 8
