"""Generate the secrets a one-host deployment (infra/compose.yaml) mounts, once:

    python -m infra.secrets infra/secrets

Random keys, the PostgreSQL password and the database URLs that carry it, and a
key-encryption key per service (for the local keyring; with KMS they go unused).
Existing files are kept, so running it again never replaces a key in use. The folder
must stay out of version control and be backed up apart from the database backups.
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path

from services.common.crypto import LocalKeyring

SERVICES = ("registration", "grievance", "mailer")
RANDOM = (
    "jwt_secret",
    "django_secret_key",
    "field_key",
    "registration_index_key",
    "grievance_index_key",
    "mailer_index_key",
    "receipt_pepper",
    "postgres_password",
)
CONTAINER_UID = 10001  # the images' user


def generate(folder: Path) -> list[str]:
    """Write what is missing; returns the names written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []

    def write(name: str, value: str) -> None:
        path = folder / name
        if path.exists():
            return
        path.write_text(value + "\n")
        path.chmod(0o600)
        written.append(name)

    for name in RANDOM:
        write(name, secrets.token_hex(32))
    password = (folder / "postgres_password").read_text().strip()
    for database in ("cms", *SERVICES):
        driver = "postgresql" if database == "cms" else "postgresql+psycopg"
        write(f"{database}_database_url", f"{driver}://convene:{password}@postgres/{database}")
    for service in SERVICES:
        keys = folder / "keys" / service
        if not any(keys.glob("kek-*.key")):
            LocalKeyring.add_key(keys)
            written.append(f"keys/{service}")
    if os.geteuid() == 0:  # readable by the containers' user only
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, CONTAINER_UID, CONTAINER_UID)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    written = generate(args.folder)
    print(f"{len(written)} written to {args.folder}: {', '.join(written) or 'nothing new'}")


if __name__ == "__main__":
    main()
