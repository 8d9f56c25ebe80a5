import pytest

from services.registration import create_app
from services.registration.config import Config
from services.registration.extensions import db

from ..conftest import JWT_SECRET, bearer, build_app, dispose

EVENT = {"title": "Consultation", "region": "ECE", "timezone": "Europe/Zurich"}


@pytest.fixture
def app(database_url, crypto_config):
    config = Config(
        database_url=database_url,
        crypto=crypto_config,
        jwt_secret=JWT_SECRET,
        mailer_url="http://127.0.0.1:9",
    )
    app = build_app(create_app, config)
    yield app
    dispose(app, db)


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
    response = client.put("/events/ev-1", json=EVENT, headers=cms)
    assert response.status_code == 200
    return "ev-1"


def make_registration(**overrides) -> dict:
    data = {
        "event": "ev-1",
        "name": "Amina Canary-Name",
        "email": "amina.canary@example.org",
        "organisation": "Canary Org",
        "country": "KE",
        "language": "fr",
    }
    data.update(overrides)
    return data
