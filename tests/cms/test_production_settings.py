"""The CMS's production settings refuse unsafe values, each named (checked in a fresh
interpreter, as the server would import them)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

CMS = Path(__file__).resolve().parents[2] / "cms"
SAFE = {
    "CONVENE_ALLOWED_HOSTS": "convene.example.org",
    "CONVENE_DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
    "CONVENE_SIGNING_KEY": secrets.token_hex(32),
    "CONVENE_FIELD_KEY": secrets.token_hex(32),
}


def load(tmp_path, **changes) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CONVENE_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(SAFE, CONVENE_DATA_DIR=str(tmp_path), **changes)
    code = "import demo.settings.production as s; print('loaded', s.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=CMS, env=env, capture_output=True, text=True, timeout=60
    )


def test_safe_production_settings_load(tmp_path):
    loaded = load(tmp_path)
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert "loaded False" in loaded.stdout


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"CONVENE_DEBUG": "1"}, "CONVENE_DEBUG is on"),
        ({"CONVENE_DJANGO_SECRET_KEY": "django-insecure-abc"}, "CONVENE_DJANGO_SECRET_KEY"),
        ({"CONVENE_SIGNING_KEY": "changeme"}, "CONVENE_SIGNING_KEY"),
        ({"CONVENE_SIGNING_KEY": "ab" * 40}, "CONVENE_SIGNING_KEY is not an Ed25519 key"),
        ({"CONVENE_ALLOWED_HOSTS": "*"}, "CONVENE_ALLOWED_HOSTS"),
        ({"CONVENE_GENERATE_KEYS": "1"}, "CONVENE_GENERATE_KEYS"),
    ],
)
def test_each_unsafe_setting_is_refused_and_named(tmp_path, changes, named):
    refused = load(tmp_path, **changes)
    assert refused.returncode != 0
    assert "refusing to start in production" in refused.stderr and named in refused.stderr


def test_a_missing_secret_is_refused(tmp_path):
    env_without = {k: v for k, v in SAFE.items() if k != "CONVENE_SIGNING_KEY"}
    refused = subprocess.run(
        [sys.executable, "-c", "import demo.settings.production"],
        cwd=CMS,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("CONVENE_")},
            **env_without,
            "CONVENE_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0 and "CONVENE_SIGNING_KEY is not set" in refused.stderr


def test_secrets_can_come_from_mounted_files(tmp_path):
    secret_file = tmp_path / "django-secret"
    secret_file.write_text(secrets.token_urlsafe(40) + "\n")
    loaded = load(
        tmp_path, CONVENE_DJANGO_SECRET_KEY="", CONVENE_DJANGO_SECRET_KEY_FILE=str(secret_file)
    )
    assert loaded.returncode == 0, loaded.stderr[-2000:]
