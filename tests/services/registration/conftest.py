import pytest

from services.registration import create_app
from services.registration.config import Config

from ..conftest import bearer, service_app

EVENT = {"title": "Consultation", "region": "ECE", "timezone": "Europe/Zurich"}


@pytest.fixture
def app(database_url, crypto_config):
    yield from service_app(
        create_app, Config, database_url, crypto_config, mailer_url="http://127.0.0.1:9"
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
