"""The CMS on PostgreSQL: `CONVENE_DATABASE_URL` switches it from SQLite, every migration
runs against a throwaway PostgreSQL cluster, and the connection pool is sized from config."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

CMS = Path(__file__).resolve().parents[2] / "cms"


def manage(tmp_path, url: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONVENE_")}
    env.update(
        DJANGO_SETTINGS_MODULE="demo.settings.dev",
        CONVENE_DATA_DIR=str(tmp_path),
        CONVENE_DATABASE_URL=url,
        CONVENE_DATABASE_POOL_MAX="4",
        CONVENE_DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        CONVENE_SIGNING_KEY=secrets.token_hex(32),
        CONVENE_FIELD_KEY=secrets.token_hex(32),
    )
    return subprocess.run(
        [sys.executable, "demo/manage.py", *args],
        cwd=CMS,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_every_cms_migration_runs_on_postgresql(postgres, tmp_path):
    url = postgres.create_database(f"cms_{secrets.token_hex(3)}")
    try:
        migrated = manage(tmp_path, url, "migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr[-3000:]
        pending = manage(tmp_path, url, "makemigrations", "--check", "--dry-run")
        assert pending.returncode == 0, pending.stdout[-2000:]
        probe = (
            "from django.db import connection; from wagtail.models import Page; "
            "print(connection.vendor, connection.settings_dict['OPTIONS']['pool']['max_size'], "
            "Page.objects.count())"
        )
        shown = manage(tmp_path, url, "shell", "-c", probe)
        assert shown.returncode == 0, shown.stderr[-2000:]
        last = shown.stdout.strip().splitlines()[-1]
        assert last.split() == ["postgresql", "4", "2"]  # root and the default home
    finally:
        postgres.drop_database(url.rsplit("/", 1)[1])
