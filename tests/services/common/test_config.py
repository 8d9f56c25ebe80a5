"""Configuration is read from the environment and fails fast on a missing secret."""

import pytest

from services.common.auth import new_signing_key, public_key_of
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
    key = new_signing_key()
    (mounted / "signing").write_text(key + "\n")
    env = {
        "CONVENE_DATA_DIR": str(tmp_path),
        "CONVENE_GENERATE_KEYS": "1",
        "REGISTRATION_SIGNING_KEY_FILE": str(mounted / "signing"),
    }
    assert RegistrationConfig.from_env(env).tokens.signing_key == key
    with pytest.raises(ConfigError, match="SIGNING_KEY_FILE cannot be read"):
        RegistrationConfig.from_env({**env, "REGISTRATION_SIGNING_KEY_FILE": str(mounted / "x")})
    url = "postgresql+psycopg://convene:a-password@db.internal/registration"
    (mounted / "db").write_text(url + "\n")
    with_url = RegistrationConfig.from_env(
        {**env, "REGISTRATION_DATABASE_URL_FILE": str(mounted / "db")}
    )
    assert with_url.database_url == url  # a URL holding a password is a secret too


def test_a_service_reads_only_its_own_secrets_and_the_public_keys_it_needs(tmp_path):
    """Shared `CONVENE_` names never carry a secret: a variable meant for one part (or
    left in a shared environment) is not another part's key."""
    cms = new_signing_key()
    env = {
        "CONVENE_DATA_DIR": str(tmp_path),
        "CONVENE_SIGNING_KEY": cms,  # the CMS's: must not become the mailer's or anyone's
        "CONVENE_BLIND_INDEX_KEY": "ab" * 32,
        "CONVENE_CMS_PUBLIC_KEY": public_key_of(cms),
        "CONVENE_REGISTRATION_PUBLIC_KEY": public_key_of(new_signing_key()),
        "CONVENE_GRIEVANCE_PUBLIC_KEY": public_key_of(new_signing_key()),
        "MAILER_BLIND_INDEX_KEY": "cd" * 32,
        "MAILER_DATABASE_URL": "postgresql+psycopg://db/mailer",
    }
    (tmp_path / "keys" / "mailer").mkdir(parents=True)
    from services.common.crypto import LocalKeyring

    LocalKeyring.add_key(tmp_path / "keys" / "mailer")
    config = MailerConfig.from_env(env)
    assert config.tokens.signing_key == ""  # the mailer calls nobody: it holds no key
    assert set(config.tokens.issuer_keys) == {"cms", "registration", "grievance"}
    assert config.tokens.issuer_keys["cms"] == public_key_of(cms)
    assert config.crypto.blind_index_key == bytes.fromhex("cd" * 32)
    # Without its own index key it does not fall back on the shared one: it stops.
    del env["MAILER_BLIND_INDEX_KEY"]
    with pytest.raises(ConfigError, match="MAILER_BLIND_INDEX_KEY"):
        MailerConfig.from_env(env)
