"""Service test kit: every app-backed test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import copy
import itertools
import secrets
from collections.abc import Mapping

import pytest
from flask_migrate import upgrade

from services.common.auth import TokenIssuer, new_signing_key, public_key_of
from services.common.config import CryptoConfig, TokenKeys
from services.common.crypto import LocalKeyring

# Each part's own token key for this test run, as each part holds it in production.
SIGNING_KEYS = {part: new_signing_key() for part in ("cms", "registration", "grievance")}
PUBLIC_KEYS = {part: public_key_of(key) for part, key in SIGNING_KEYS.items()}
ACCEPTS = {
    "registration": ("cms",),
    "grievance": ("cms",),
    "mailer": ("cms", "registration", "grievance"),
}
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


def token_keys(service: str) -> TokenKeys:
    """What the service holds: its own signing key, the public keys of those it accepts."""
    return TokenKeys(
        SIGNING_KEYS.get(service, ""), {part: PUBLIC_KEYS[part] for part in ACCEPTS[service]}
    )


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
        database_url=database_url,
        crypto=crypto_config,
        tokens=token_keys(create_app.__module__.split(".")[1]),
        **settings,
    )
    app = build_app(create_app, config)
    yield app
    dispose(app, app.extensions["sqlalchemy"])


class bearer(Mapping):  # noqa: N801 - used like the function it replaced
    """`Authorization` headers naming `issuer`: like the real clients, every request that
    reads them gets a fresh token (a service accepts a token id once on a change)."""

    def __init__(self, audience: str, issuer: str = "cms", key: str | None = None, **claims):
        self._issuer = TokenIssuer(key or SIGNING_KEYS[issuer], issuer)
        self._audience, self._claims = audience, claims
        self._extra: dict = {}

    def token(self) -> str:
        return self._issuer.issue(self._audience, **self._claims)

    def __or__(self, extra: Mapping) -> bearer:
        """The same caller with more headers (`cms | {"Idempotency-Key": key}`)."""
        joined = copy.copy(self)
        joined._extra = {**self._extra, **extra}
        return joined

    def __getitem__(self, name: str) -> str:
        if name == "Authorization":
            return f"Bearer {self.token()}"
        return self._extra[name]

    def __iter__(self):
        return iter(("Authorization", *self._extra))

    def __len__(self) -> int:
        return 1 + len(self._extra)


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch):
    """scrypt at n=2^10 instead of production's 2^15 (32x less time and memory): every
    passphrase-wrapped key records its parameters, so what tests wrap still opens.
    tests/services/common/test_crypto_formats.py checks production keeps the strong ones."""
    from services.common.crypto import passphrase

    cheap = passphrase.Params(n=2**10, r=8, p=1)
    monkeypatch.setattr(passphrase, "WRAP_PARAMS", cheap)
    monkeypatch.setattr(passphrase, "HASH_PARAMS", cheap)
