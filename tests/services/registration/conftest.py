from datetime import timedelta

import pytest

from services.common.db import utcnow
from services.registration import create_app
from services.registration.config import Config
from services.registration.extensions import db
from services.registration.models import OutboxMessage

from ..conftest import bearer, service_app


def _track(key, kind, opens=-1, closes=30, capacity=None):
    now = utcnow()
    return {
        "key": key,
        "name": key.title(),
        "kind": kind,
        "opens_at": (now + timedelta(days=opens)).isoformat(),
        "closes_at": (now + timedelta(days=closes)).isoformat(),
        "capacity": capacity,
    }


def event_settings(**overrides) -> dict:
    data = {
        "title": "Consultation",
        "region": "ECE",
        "timezone": "Europe/Zurich",
        "tracks": [
            _track("consult", "consultation", capacity=2),
            _track("floor", "floor_speaker"),
            _track("observe", "observer"),
            _track("interest", "interest"),
            _track("nominate", "nomination"),
            _track("later", "consultation", opens=5, closes=10),
            _track("past", "consultation", opens=-10, closes=-5),
        ],
    }
    data.update(overrides)
    return data


@pytest.fixture
def app(database_url, crypto_config, tmp_path):
    yield from service_app(
        create_app,
        Config,
        database_url,
        crypto_config,
        mailer_url="http://127.0.0.1:9",
        public_url="https://convene.example",
        erasure_ledger=str(tmp_path / "erasures"),
    )


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cms():
    return bearer("registration", roles=["cms"])


def secretariat(*regions, user="7"):
    return bearer("registration", subject=f"user:{user}", roles=["secretariat"], regions=regions)


@pytest.fixture
def event(client, cms):
    response = client.put("/events/ev-1", json=event_settings(), headers=cms)
    assert response.status_code == 200, response.get_json()
    return "ev-1"


def make_registration(**overrides) -> dict:
    data = {
        "event": "ev-1",
        "track": "consult",
        "name": "Amina Canary-Name",
        "email": "amina.canary@example.org",
        "organisation": "Canary Org",
        "country": "KE",
        "age_band": "30_59",
        "language": "fr",
    }
    data.update(overrides)
    return data


def register(client, cms, key: str | None = None, **overrides):
    import uuid

    headers = cms | {"Idempotency-Key": key or uuid.uuid4().hex}
    return client.post("/registrations", json=make_registration(**overrides), headers=headers)


def topics(app) -> list[str]:
    with app.app_context():
        return [m.topic for m in db.session.query(OutboxMessage).order_by(OutboxMessage.created_at)]
