"""The images' Python environment — `uv sync --frozen --no-dev`, as in every Dockerfile —
holds what production runs: each service's web app and worker load from it, and the CMS
passes Django's checks and collects its static files with the production settings (the
cms.Dockerfile's build step), without a single test-only package."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def image_python(tmp_path_factory) -> Path:
    environment = tmp_path_factory.mktemp("image") / "venv"
    subprocess.run(
        [sys.executable, "-m", "uv", "sync", "-q", "--frozen", "--no-dev", "--no-install-project"],
        cwd=ROOT,
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(environment)},
        check=True,
    )
    python = environment / "bin" / "python"
    listed = subprocess.run(
        [python, "-c", "import importlib.util as u; print(bool(u.find_spec('pytest')))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert listed.stdout.strip() == "False"  # really the production set
    return python


@pytest.mark.parametrize("service", ["registration", "grievance", "mailer"])
def test_each_service_and_its_worker_load(image_python, service, tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "CONVENE_DATA_DIR": str(tmp_path),
        "CONVENE_GENERATE_KEYS": "1",
    }
    code = (
        f"from services.{service}.wsgi import app; import services.{service}.worker; "
        "import gunicorn; print(sorted(app.blueprints)[:1])"
    )
    loaded = subprocess.run(
        [image_python, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert loaded.returncode == 0, loaded.stderr[-2000:]


def test_the_cms_checks_and_collects_static_files_in_production_settings(image_python, tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "CONVENE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "demo.settings.production",
        "CONVENE_ALLOWED_HOSTS": "build.invalid",
        "CONVENE_DJANGO_SECRET_KEY": secrets.token_hex(32),
        "CONVENE_SIGNING_KEY": secrets.token_hex(32),
        "CONVENE_FIELD_KEY": secrets.token_hex(32),
        "CONVENE_S3_BUCKET": "convene-files",  # the production storage classes load too
    }
    for command in (["check"], ["collectstatic", "--noinput"]):
        done = subprocess.run(
            [image_python, "demo/manage.py", *command],
            cwd=ROOT / "cms",
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "static" / "wagtail_convene").is_dir()
