import pytest

from services.mailer import create_app
from services.mailer.config import Config
from services.mailer.extensions import db

from ..conftest import JWT_SECRET, bearer, build_app, dispose


@pytest.fixture
def app(database_url, crypto_config):
    config = Config(
        database_url=database_url, crypto=crypto_config, jwt_secret=JWT_SECRET, smtp_port=9
    )
    app = build_app(create_app, config)
    yield app
    dispose(app, db)


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
