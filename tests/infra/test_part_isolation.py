"""One part taken over reaches nothing of another's (issue 16, path 2): its database role
cannot connect to another part's database, and the secrets each part is given, in the
compose file and in the Kubernetes manifests, are its own."""

from __future__ import annotations

import subprocess

import psycopg
import pytest

from infra.secrets import DATABASES, generate

ROOT_SQL = "infra/postgres/roles.sql"


@pytest.fixture(scope="module")
def roles(postgres, tmp_path_factory):
    """infra/postgres/roles.sql run as an administrator, with the generated passwords."""
    from pathlib import Path

    folder = tmp_path_factory.mktemp("secrets")
    generate(folder)
    passwords = {
        f"{part}_password": (folder / "postgres" / f"{part}_password").read_text().strip()
        for part in DATABASES
    }
    command = [str(postgres.bindir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    for name, value in passwords.items():
        command += ["-v", f"{name}={value}"]
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [*command, "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres"]
        + ["-d", "postgres", "-f", str(root / ROOT_SQL)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    urls = {part: (folder / part / "database_url").read_text().strip() for part in DATABASES}
    return postgres, urls


def connect(postgres, url: str, database: str):
    """The part's own URL (its role and password), pointed at the test cluster and at
    `database`."""
    role, password = url.split("://", 1)[1].split("@", 1)[0].split(":", 1)
    return psycopg.connect(
        host="127.0.0.1", port=postgres.port, user=role, password=password, dbname=database
    )


@pytest.mark.parametrize("part", DATABASES)
def test_each_role_owns_its_database_and_cannot_connect_to_the_others(roles, part):
    postgres, urls = roles
    with connect(postgres, urls[part], part) as own:  # migrations create tables
        own.execute("CREATE TABLE IF NOT EXISTS isolation_probe (id int)")
        own.execute("INSERT INTO isolation_probe VALUES (1)")
    for other in DATABASES:
        if other == part:
            continue
        with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
            connect(postgres, urls[part], other)


def test_the_registration_role_cannot_connect_to_the_grievance_database(roles):
    postgres, urls = roles
    assert urls["registration"].startswith("postgresql+psycopg://convene_registration:")
    with pytest.raises(psycopg.OperationalError, match='permission denied for database "griev'):
        connect(postgres, urls["registration"], "grievance")
