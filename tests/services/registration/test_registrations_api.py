"""Registering: every track's rules, consent records, duplicates and idempotency."""

import threading
import uuid

from sqlalchemy import func, select

from services.registration.extensions import db
from services.registration.models import Consent, Registration, StatusChange

from .conftest import event_settings, register, topics


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Registration))


def test_register_stores_sealed_data_records_consents_and_queues_a_receipt(app, client, cms, event):
    response = register(client, cms, consents={"public_listing": True})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert set(body) == {"id", "event", "track", "status", "created_at"}  # nothing personal
    assert body["status"] == "received"
    with app.app_context():
        reg = db.session.get(Registration, uuid.UUID(body["id"]))
        assert b"Amina" not in reg.name_enc and reg.email_index
        consents = {c.kind: (c.granted, c.wording_version) for c in db.session.query(Consent)}
        history = [h.status for h in db.session.query(StatusChange)]
    assert consents == {
        "public_listing": (True, "2026-11"),
        "share_contact": (False, "2026-11"),  # share nothing unless asked
        "updates": (False, "2026-11"),
    }
    assert history == ["received"]
    assert topics(app) == ["registration.receipt"]


def test_same_person_same_track_gets_the_registration_back_and_no_second_email(
    app, client, cms, event
):
    first = register(client, cms).get_json()
    again = register(client, cms, name="Amina Again")
    assert again.status_code == 200 and again.get_json()["id"] == first["id"]
    other_track = register(client, cms, track="observe")
    assert other_track.status_code == 201
    assert count(app) == 2
    assert topics(app).count("registration.receipt") == 2  # one per registration


def test_idempotency_key_replays_or_refuses_a_different_body(app, client, cms, event):
    first = register(client, cms, key="key-00000001")
    replay = register(client, cms, key="key-00000001")
    assert replay.status_code == 201 and replay.get_json() == first.get_json()
    different = register(client, cms, key="key-00000001", email="someone.else@example.org")
    assert different.status_code == 422
    assert "different request" in different.get_json()["message"]
    assert count(app) == 1


def test_twenty_concurrent_requests_with_one_key_create_one_registration(app, event, cms):
    results, barrier = [], threading.Barrier(20)

    def send():
        client = app.test_client()
        barrier.wait()
        results.append(register(client, cms, key="same-key").status_code)

    threads = [threading.Thread(target=send) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(results)) in ([200, 201], [201]) and results.count(201) >= 1
    assert count(app) == 1
    assert topics(app) == ["registration.receipt"]


def test_invalid_fields_are_named_and_nothing_is_stored(app, client, cms, event):
    response = register(client, cms, email="nope", country="XX", age_band="old")
    assert response.status_code == 422
    assert set(response.get_json()["errors"]["json"]) == {"email", "country", "age_band"}
    assert count(app) == 0


def test_closed_unknown_or_out_of_window_tracks_store_nothing(app, client, cms, event):
    assert register(client, cms, event="nope").status_code == 404
    assert register(client, cms, track="nope").get_json()["message"] == (
        "This event has no such track."
    )
    later = register(client, cms, track="later")
    assert later.status_code == 422 and "opens on" in later.get_json()["message"]
    past = register(client, cms, track="past")
    assert past.status_code == 422 and "closed on" in past.get_json()["message"]
    client.put("/events/ev-1", json=event_settings(registration_open=False), headers=cms)
    closed = register(client, cms)
    assert closed.status_code == 422 and "closed" in closed.get_json()["message"]
    assert count(app) == 0 and topics(app) == []


def test_floor_speakers_need_the_three_criteria_and_the_focal_point_is_asked(
    app, client, cms, event
):
    missing = register(client, cms, track="floor")
    assert missing.status_code == 422
    assert set(missing.get_json()["errors"]) == {
        "category",
        "focal_point_name",
        "focal_point_email",
        "statement",
    }
    self_authorised = register(
        client,
        cms,
        track="floor",
        category="civil_society",
        focal_point_name="Amina",
        focal_point_email="AMINA.canary@example.org",
        statement="Ten years of work on migrants' rights.",
    )
    assert "focal_point_email" in self_authorised.get_json()["errors"]
    ok = register(
        client,
        cms,
        track="floor",
        category="civil_society",
        focal_point_name="Focal Person",
        focal_point_email="focal@example.org",
        statement="Ten years of work on migrants' rights.",
    )
    assert ok.status_code == 201
    assert topics(app) == ["registration.receipt", "registration.authorisation"]


def test_minors_need_a_guardian_and_the_guardian_is_asked(app, client, cms, event):
    missing = register(client, cms, age_band="under_18")
    assert missing.get_json()["errors"] == {
        "guardian_email": ["Under 18: give a parent's or guardian's e-mail address."]
    }
    ok = register(client, cms, age_band="under_18", guardian_email="parent@example.org")
    assert ok.status_code == 201
    assert topics(app) == ["registration.receipt", "registration.guardian"]


def test_observers_are_admitted_and_get_the_link_then_the_recording(app, client, cms, event):
    observer = register(client, cms, track="observe").get_json()
    assert observer["status"] == "confirmed"
    assert topics(app) == ["registration.receipt"]  # no stream link yet
    client.put(
        "/events/ev-1",
        json=event_settings(stream_url="https://webtv.example/live"),
        headers=cms,
    )
    assert topics(app)[-1] == "registration.join_details"
    client.put(
        "/events/ev-1",
        json=event_settings(
            stream_url="https://webtv.example/live", recording_url="https://webtv.example/rec"
        ),
        headers=cms,
    )
    assert topics(app)[-1] == "registration.recording"
    assert len(topics(app)) == 3  # republishing the same links sends nothing new


def test_interest_and_nomination_tracks(app, client, cms, event):
    no_roles = register(client, cms, track="interest")
    assert "interest_roles" in no_roles.get_json()["errors"]
    roles = register(client, cms, track="interest", interest_roles=["rapporteur"])
    assert roles.status_code == 201
    no_nominator = register(client, cms, track="nominate", email="nominee@example.org")
    assert set(no_nominator.get_json()["errors"]) == {
        "nominator_name",
        "nominator_email",
        "nominator_organisation",
    }
    nominated = register(
        client,
        cms,
        track="nominate",
        email="nominee@example.org",
        nominator_name="Org Lead",
        nominator_email="lead@example.org",
        nominator_organisation="Migrant Network",
    )
    assert nominated.status_code == 201
    assert topics(app)[-1] == "registration.nomination"  # the nominee must accept

    # Accepting (twice: a double click) sends the nominee one receipt, with "my registration".
    from .test_selfservice import token_for

    token = token_for(app, nominated.get_json()["id"], "accept")
    for _ in range(2):
        done = client.post("/consents/accept/confirm", json={"token": token}, headers=cms)
        assert done.status_code == 200, done.get_json()
    assert topics(app)[-2:] == ["registration.nomination", "registration.receipt"]


def test_receive_updates_queues_a_subscription(app, client, cms, event):
    register(client, cms, consents={"updates": True})
    assert topics(app) == ["registration.receipt", "registration.updates"]


def test_event_tracks_round_trip(client, cms):
    settings = event_settings()
    client.put("/events/ev-2", json=settings, headers=cms)
    got = client.get("/events/ev-2", headers=cms).get_json()
    assert [(t["key"], t["kind"]) for t in got["tracks"]] == [
        (t["key"], t["kind"]) for t in settings["tracks"]
    ]
