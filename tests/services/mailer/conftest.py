import pytest

from services.mailer import create_app
from services.mailer.config import Config

from ..conftest import bearer, service_app


@pytest.fixture
def app(database_url, crypto_config):
    yield from service_app(create_app, Config, database_url, crypto_config, smtp_port=9)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def caller():
    return bearer("mailer", issuer="registration")


def make_message(**overrides) -> dict:
    data = {
        "template": "registration_confirmation",
        "language": "fr",
        "to": "amina.canary@example.org",
        "context": {"name": "Amina Canary", "event_title": "Consultation", "reference": "AB12CD34"},
    }
    data.update(overrides)
    return data
