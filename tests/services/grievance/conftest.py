import secrets

import pytest

from services.grievance import create_app
from services.grievance.config import Config

from ..conftest import bearer, service_app

PASSPHRASE = "a long desk passphrase"


@pytest.fixture
def app(database_url, crypto_config, tmp_path):
    yield from service_app(
        create_app,
        Config,
        database_url,
        crypto_config,
        mailer_url="http://127.0.0.1:9",
        receipt_pepper=secrets.token_hex(32),
        failed_checks_per_minute=5,
        urgent_to="desk@example.org",
        lock_dir=str(tmp_path),
        large_report_wait_seconds=2,
    )


@pytest.fixture
def client(app):
    return app.test_client()


def cms() -> dict:
    return bearer("grievance", roles=["cms"])


def staff(*regions, subject="user:1") -> dict:
    return bearer("grievance", subject=subject, roles=["secretariat"], regions=regions)


def desk_member(*regions, subject="user:7") -> dict:
    return bearer("grievance", subject=subject, roles=["reprisal_desk"], regions=regions)


@pytest.fixture
def desk(client):
    """The desk created by its first member; returns that member's unlock token."""
    assert (
        client.post(
            "/desk", json={"passphrase": PASSPHRASE}, headers=desk_member("ECE")
        ).status_code
        == 201
    )
    unlocked = client.post(
        "/desk/unlock", json={"passphrase": PASSPHRASE}, headers=desk_member("ECE")
    )
    return unlocked.get_json()["token"]


def reprisal(**overrides) -> dict:
    body = {
        "region": "ECE",
        "category": "threat",
        "what_happened": "Canary-Threat: a message after the consultation.",
        "happened_on": "2026-10-01",
        "country": "RS",
        "affected": "Our organisation",
        "danger": False,
        "language": "es",
    }
    body.update(overrides)
    return body


def grievance(**overrides) -> dict:
    body = {
        "region": "ECE",
        "category": "access_to_information",
        "description": "Canary-Grievance: the documents came too late.",
    }
    body.update(overrides)
    return body
