"""The registration API as the CMS and the secretariat use it."""

import uuid

from sqlalchemy import func, select

from services.registration.extensions import db
from services.registration.models import AuditEntry, OutboxMessage, Registration

from .conftest import make_registration, secretariat


def post(client, cms, data, key=None):
    headers = {**cms, "Idempotency-Key": key or uuid.uuid4().hex}
    return client.post("/registrations", json=data, headers=headers)


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_register_stores_sealed_data_and_queues_one_confirmation(app, client, cms, event):
    response = post(client, cms, make_registration())
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "received" and body["event"] == event
    assert "amina" not in response.get_data(as_text=True).lower()
    with app.app_context():
        reg = db.session.get(Registration, uuid.UUID(body["id"]))
        raw = reg.name_enc + reg.email_enc + reg.organisation_enc
        assert b"Amina" not in raw and b"canary" not in raw.lower()
        outbox = db.session.scalars(select(OutboxMessage)).all()
        assert [(o.topic, o.object_id) for o in outbox] == [
            ("registration.confirmation", body["id"])
        ]


def test_same_idempotency_key_replays_and_creates_nothing(app, client, cms, event):
    first = post(client, cms, make_registration(), key="key-0123456789")
    second = post(client, cms, make_registration(), key="key-0123456789")
    assert second.status_code == 201
    assert second.get_json() == first.get_json()
    assert count(app, Registration) == 1
    assert count(app, OutboxMessage) == 1


def test_same_key_with_other_data_is_refused(client, cms, event):
    post(client, cms, make_registration(), key="key-0123456789")
    other = post(client, cms, make_registration(email="b@example.org"), key="key-0123456789")
    assert other.status_code == 409
    assert "Idempotency-Key" in other.get_json()["message"]


def test_same_email_twice_for_one_event_is_a_conflict_on_the_email(app, client, cms, event):
    post(client, cms, make_registration())
    again = post(client, cms, make_registration(email=" AMINA.Canary@example.org "))
    assert again.status_code == 409
    assert "email" in again.get_json()["errors"]
    assert count(app, Registration) == 1


def test_invalid_fields_are_named_and_nothing_is_stored(app, client, cms, event):
    bad = make_registration(email="not-an-address", country="XX", name="")
    response = post(client, cms, bad)
    assert response.status_code == 422
    payload = response.get_json()
    assert set(payload["errors"]["json"]) == {"email", "country", "name"}
    assert "not-an-address" not in response.get_data(as_text=True)
    assert count(app, Registration) == 0 and count(app, OutboxMessage) == 0


def test_unknown_and_closed_events(client, cms, event):
    assert post(client, cms, make_registration(event="nope")).status_code == 404
    client.put(
        "/events/ev-1",
        json={"title": "C", "region": "ECE", "registration_open": False},
        headers=cms,
    )
    closed = post(client, cms, make_registration())
    assert closed.status_code == 422
    assert "closed" in closed.get_json()["message"]


def test_secretariat_sees_only_its_regions_and_each_decryption_is_audited(app, client, cms, event):
    client.put("/events/ev-2", json={"title": "Bangkok", "region": "ESCAP"}, headers=cms)
    post(client, cms, make_registration())
    post(client, cms, make_registration(event="ev-2", email="other@example.org"))

    ece = client.get("/registrations", headers=secretariat("ECE"))
    assert ece.status_code == 200
    rows = ece.get_json()
    assert [(r["name"], r["email"], r["region"]) for r in rows] == [
        ("Amina Canary-Name", "amina.canary@example.org", "ECE")
    ]
    with app.app_context():
        audits = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "registration.decrypt")
        ).all()
        assert [(a.actor, a.object_id) for a in audits] == [("cms:user:7", rows[0]["id"])]


def test_other_region_gets_403(client, cms, event):
    created = post(client, cms, make_registration()).get_json()
    eca = secretariat("ECA")
    assert client.get("/registrations?event=ev-1", headers=eca).status_code == 403
    assert client.get("/registrations?region=ECE", headers=eca).status_code == 403
    assert client.get(f"/registrations/{created['id']}", headers=eca).status_code == 403
    assert client.get("/registrations", headers=eca).get_json() == []
    own = client.get(f"/registrations/{created['id']}", headers=secretariat("ECE"))
    assert own.get_json()["email"] == "amina.canary@example.org"


def test_cms_token_cannot_read_registrations(client, cms, event):
    response = client.get("/registrations", headers=cms)
    assert response.status_code == 403
    assert response.get_json()["message"] == "This needs the secretariat role."


def test_event_tracks_round_trip(client, cms):
    tracks = [
        {
            "key": "1",
            "name": "Civil society",
            "opens_at": "2027-01-01T09:00:00+01:00",
            "closes_at": "2027-02-01T18:00:00+01:00",
            "capacity": 150,
        }
    ]
    put = client.put(
        "/events/ev-9", json={"title": "T", "region": "ECA", "tracks": tracks}, headers=cms
    )
    assert put.status_code == 200
    stored = client.get("/events/ev-9", headers=cms).get_json()["tracks"]
    assert stored[0]["name"] == "Civil society" and stored[0]["capacity"] == 150
    assert stored[0]["closes_at"].startswith("2027-02-01T")
    bad = client.put(
        "/events/ev-9", json={"title": "T", "region": "ECA", "tracks": [{"name": ""}]}, headers=cms
    )
    assert bad.status_code == 422
