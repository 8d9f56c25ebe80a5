"""Configuration is read from the environment and fails fast on a missing secret."""

import pytest

from services.common.errors import ConfigError
from services.mailer.config import Config as MailerConfig
from services.registration.config import Config as RegistrationConfig


def test_missing_keys_stop_start_up(tmp_path):
    with pytest.raises(ConfigError, match="key"):
        RegistrationConfig.from_env({"CONVENE_DATA_DIR": str(tmp_path)})


def test_generated_keys_are_private_and_reused(tmp_path):
    env = {"CONVENE_DATA_DIR": str(tmp_path), "CONVENE_GENERATE_KEYS": "1"}
    first = RegistrationConfig.from_env(env)
    second = RegistrationConfig.from_env({"CONVENE_DATA_DIR": str(tmp_path)})
    assert first == second
    keys = list((tmp_path / "keys").rglob("*.key"))
    assert keys and all(oct(k.stat().st_mode & 0o777) == "0o600" for k in keys)


def test_service_prefix_wins_over_shared_names(tmp_path):
    env = {
        "CONVENE_DATA_DIR": str(tmp_path),
        "CONVENE_GENERATE_KEYS": "1",
        "CONVENE_SMTP_PORT": "2525",
        "MAILER_SMTP_PORT": "2626",
        "MAILER_DATABASE_URL": "postgresql+psycopg://db/mailer",
    }
    config = MailerConfig.from_env(env)
    assert config.smtp_port == 2626
    assert config.database_url == "postgresql+psycopg://db/mailer"
    with pytest.raises(ConfigError, match="whole number"):
        MailerConfig.from_env({**env, "MAILER_SMTP_PORT": "many"})


def test_kms_needs_a_key_id(tmp_path):
    env = {
        "CONVENE_DATA_DIR": str(tmp_path),
        "CONVENE_GENERATE_KEYS": "1",
        "REGISTRATION_KEYRING": "kms",
    }
    with pytest.raises(ConfigError, match="KMS_KEY_ID"):
        RegistrationConfig.from_env(env)


def test_secrets_can_come_from_mounted_files(tmp_path):
    mounted = tmp_path / "run-secrets"
    mounted.mkdir()
    (mounted / "jwt").write_text("a-mounted-secret-of-at-least-32-characters\n")
    env = {
        "CONVENE_DATA_DIR": str(tmp_path),
        "CONVENE_GENERATE_KEYS": "1",
        "CONVENE_JWT_SECRET_FILE": str(mounted / "jwt"),
    }
    assert RegistrationConfig.from_env(env).jwt_secret == (
        "a-mounted-secret-of-at-least-32-characters"
    )
    with pytest.raises(ConfigError, match="JWT_SECRET_FILE cannot be read"):
        RegistrationConfig.from_env({**env, "CONVENE_JWT_SECRET_FILE": str(mounted / "gone")})
    url = "postgresql+psycopg://convene:a-password@db.internal/registration"
    (mounted / "db").write_text(url + "\n")
    with_url = RegistrationConfig.from_env(
        {**env, "REGISTRATION_DATABASE_URL_FILE": str(mounted / "db")}
    )
    assert with_url.database_url == url  # a URL holding a password is a secret too
