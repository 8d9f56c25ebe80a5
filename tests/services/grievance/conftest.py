import pytest

from services.grievance import create_app
from services.grievance.config import Config
from services.grievance.extensions import db

from ..conftest import JWT_SECRET, build_app, dispose


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
