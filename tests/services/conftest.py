"""Service test kit: every app-backed test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools
import secrets

import pytest
from flask_migrate import upgrade

from services.common.auth import TokenIssuer
from services.common.config import CryptoConfig
from services.common.crypto import LocalKeyring

JWT_SECRET = secrets.token_hex(32)
_counter = itertools.count()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'service.sqlite3'}"
        return
    cluster = request.getfixturevalue("postgres")
    name = f"svc_{next(_counter)}_{secrets.token_hex(3)}"
    yield cluster.create_database(name)
    cluster.drop_database(name)


@pytest.fixture
def crypto_config(tmp_path) -> CryptoConfig:
    key_dir = tmp_path / "keys"
    LocalKeyring.add_key(key_dir)
    return CryptoConfig(keyring="local", key_dir=key_dir, blind_index_key=secrets.token_bytes(32))


def build_app(create_app, config):
    """An app on a freshly migrated database (the real Alembic migrations)."""
    app = create_app(config)
    app.config["TESTING"] = True
    with app.app_context():
        upgrade()
    return app


def dispose(app, db):
    from services.common.group_commit import GroupCommit

    for extension in list(app.extensions.values()):
        if isinstance(extension, GroupCommit):
            extension.close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def service_app(create_app, config_class, database_url, crypto_config, **settings):
    """Yields a service app on a migrated database, then disposes of its connections."""
    config = config_class(
        database_url=database_url, crypto=crypto_config, jwt_secret=JWT_SECRET, **settings
    )
    app = build_app(create_app, config)
    yield app
    dispose(app, app.extensions["sqlalchemy"])


def bearer(audience: str, issuer: str = "cms", secret: str = JWT_SECRET, **claims) -> dict:
    token = TokenIssuer(secret, issuer).issue(audience, **claims)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch):
    """scrypt at n=2^10 instead of production's 2^15 (32x less time and memory): every
    passphrase-wrapped key records its parameters, so what tests wrap still opens.
    tests/services/common/test_crypto_formats.py checks production keeps the strong ones."""
    from services.common.crypto import passphrase

    cheap = passphrase.Params(n=2**10, r=8, p=1)
    monkeypatch.setattr(passphrase, "WRAP_PARAMS", cheap)
    monkeypatch.setattr(passphrase, "HASH_PARAMS", cheap)
