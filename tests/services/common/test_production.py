"""Production refuses unsafe settings at start-up; readiness checks database and keyring."""

import secrets
from pathlib import Path

import pytest

from services.common.auth import new_signing_key
from services.common.config import CryptoConfig, TokenKeys
from services.common.crypto import LocalKeyring
from services.common.errors import ConfigError
from services.common.production import refuse_unsafe
from services.grievance.config import Config as GrievanceConfig
from services.registration import create_app
from services.registration.config import Config

from ..conftest import build_app, dispose, token_keys

PRODUCTION = {"CONVENE_ENV": "production"}
POSTGRES = "postgresql+psycopg://convene@db.internal/registration"


def crypto(tmp_path: Path, index_key: bytes | None = None) -> CryptoConfig:
    LocalKeyring.add_key(tmp_path / "keys")
    return CryptoConfig(
        keyring="local",
        key_dir=tmp_path / "keys",
        blind_index_key=index_key if index_key is not None else secrets.token_bytes(32),
    )


def config(tmp_path, **changes) -> Config:
    values = {
        "database_url": POSTGRES,
        "crypto": crypto(tmp_path, changes.pop("index_key", None)),
        "tokens": token_keys("registration"),
        "mailer_url": "http://mailer.internal",
    }
    if "signing_key" in changes:
        values["tokens"] = TokenKeys(changes.pop("signing_key"), values["tokens"].issuer_keys)
    values.update(changes)
    return Config(**values)


def test_a_safe_production_configuration_starts(tmp_path):
    refuse_unsafe(config(tmp_path), PRODUCTION)  # nothing raised


@pytest.mark.parametrize(
    ("changes", "environ", "named"),
    [
        ({"signing_key": ""}, {}, "signing key is missing or not 64 hex"),
        ({"signing_key": "changeme"}, {}, "signing key is missing or not 64 hex"),
        ({"signing_key": "a" * 64}, {}, "signing key is missing or not 64 hex"),
        ({"signing_key": "ab" * 10}, {}, "signing key is missing or not 64 hex"),
        ({"tokens": TokenKeys(new_signing_key(), {"cms": "dev"})}, {}, "public key of cms"),
        ({"index_key": b"short"}, {}, "blind-index key"),
        ({"database_url": "sqlite:///var/registration.sqlite3"}, {}, "SQLite"),
        ({}, {"CONVENE_GENERATE_KEYS": "1"}, "CONVENE_GENERATE_KEYS"),
        ({}, {"FLASK_DEBUG": "1"}, "FLASK_DEBUG is on"),
    ],
)
def test_each_unsafe_setting_is_refused_and_named(tmp_path, changes, environ, named):
    with pytest.raises(ConfigError, match="refusing to start in production") as refused:
        refuse_unsafe(config(tmp_path, **changes), {**PRODUCTION, **environ})
    assert named in str(refused.value)


def test_a_weak_receipt_pepper_is_refused_for_the_grievance_service(tmp_path):
    weak = GrievanceConfig(
        database_url=POSTGRES,
        crypto=crypto(tmp_path),
        tokens=token_keys("grievance"),
        mailer_url="http://mailer.internal",
        receipt_pepper="test",
    )
    with pytest.raises(ConfigError, match="receipt pepper"):
        refuse_unsafe(weak, PRODUCTION)


def test_outside_production_nothing_is_refused(tmp_path):
    refuse_unsafe(config(tmp_path, signing_key="", database_url="sqlite://"), {})


def test_the_service_itself_will_not_start_unsafe(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVENE_ENV", "production")
    unsafe = config(tmp_path, database_url=f"sqlite:///{tmp_path / 'r.sqlite3'}")
    with pytest.raises(ConfigError, match="SQLite"):
        create_app(unsafe)


def test_ready_checks_the_database_and_the_keyring(tmp_path, moto, monkeypatch):
    url = f"sqlite:///{tmp_path / 'ready.sqlite3'}"
    good = build_app(create_app, config(tmp_path, database_url=url))
    try:
        answer = good.test_client().get("/ready")
        ready = answer.get_json()
        assert answer.status_code == 200 and (ready["status"], ready["failed"]) == ("ready", [])
        assert ready["backlog"] == {"dead_letters": 0, "oldest_pending_seconds": 0, "pending": 0}
    finally:
        dispose(good, good.extensions["sqlalchemy"])
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    kms = CryptoConfig(
        keyring="kms",
        key_dir=tmp_path / "none",
        blind_index_key=secrets.token_bytes(32),
        kms_key_id="arn:aws:kms:eu-west-1:123456789012:key/no-such-key",
        aws_endpoint_url=moto.url,
    )
    broken = build_app(create_app, config(tmp_path, database_url=url, crypto=kms))
    try:
        answer = broken.test_client().get("/ready")
        assert answer.status_code == 503 and answer.get_json()["failed"] == ["keyring"]
        assert broken.test_client().get("/health").status_code == 200  # alive, not ready
    finally:
        dispose(broken, broken.extensions["sqlalchemy"])


def test_production_wraps_data_keys_with_kms_unless_told_otherwise(tmp_path):
    from services.common.config import Env

    environ = {**PRODUCTION, "CONVENE_DATA_DIR": str(tmp_path), "X_BLIND_INDEX_KEY": "ab" * 32}
    with pytest.raises(ConfigError, match="KMS_KEY_ID must be set"):
        CryptoConfig.from_env(Env("X", environ), "x")
    arn = "arn:aws:kms:eu-west-1:123456789012:key/one"
    chosen = CryptoConfig.from_env(Env("X", {**environ, "X_KMS_KEY_ID": arn}), "x")
    assert chosen.keyring == "kms" and chosen.kms_key_id == arn
    LocalKeyring.add_key(tmp_path / "keys" / "x")
    local = CryptoConfig.from_env(Env("X", {**environ, "X_KEYRING": "local"}), "x")
    assert local.keyring == "local"  # a one-host deployment may keep mounted key files


def test_the_connection_pool_is_sized_from_the_environment(postgres, monkeypatch, tmp_path):
    url = postgres.create_database(f"pool_{secrets.token_hex(3)}")
    monkeypatch.setenv("REGISTRATION_DATABASE_POOL_SIZE", "7")
    monkeypatch.setenv("CONVENE_DATABASE_POOL_OVERFLOW", "3")
    app = build_app(create_app, config(tmp_path, database_url=url))
    with app.app_context():
        pool = app.extensions["sqlalchemy"].engine.pool
        assert pool.size() == 7 and pool._max_overflow == 3
    dispose(app, app.extensions["sqlalchemy"])
