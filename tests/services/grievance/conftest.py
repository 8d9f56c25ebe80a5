import pytest

from services.grievance import create_app
from services.grievance.config import Config

from ..conftest import service_app


@pytest.fixture
def app(database_url, crypto_config):
    yield from service_app(
        create_app, Config, database_url, crypto_config, mailer_url="http://127.0.0.1:9"
    )
