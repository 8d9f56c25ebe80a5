"""Generate the secrets a deployment mounts, once, one folder per part:

    python -m infra.secrets infra/secrets

    cms/           database_url, django_secret_key, field_key, signing_key
    registration/  database_url, index_key, signing_key, keys/kek-*.key
    grievance/     database_url, index_key, receipt_pepper, signing_key, keys/kek-*.key
    mailer/        database_url, index_key, keys/kek-*.key
    public/        cms.pub, registration.pub, grievance.pub (not secret: token checking)
    postgres/      postgres_password (the administrator), <database>_password

Each part is given only its own folder and `public/` (infra/compose.yaml, infra/k8s), so
a part taken over holds no other part's key, index key or database password: each
database has its own role, which cannot connect to the others (infra/postgres/roles.sql).
Signing keys are Ed25519 (64 hex digits); the key-encryption keys serve the local
keyring (with KMS they go unused). Existing files are kept, so running it again never
replaces a key in use. The folder stays out of version control and is backed up apart
from the database backups.
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path

from services.common.auth import new_signing_key, public_key_of
from services.common.crypto import LocalKeyring

SERVICES = ("registration", "grievance", "mailer")
DATABASES = ("cms", *SERVICES)
SIGNERS = ("cms", "registration", "grievance")  # the parts that call another part
OWN = {  # each part's random secrets, beside its database URL (and signing key)
    "cms": ("django_secret_key", "field_key"),
    "registration": ("index_key",),
    "grievance": ("index_key", "receipt_pepper"),
    "mailer": ("index_key",),
}
CONTAINER_UID = 10001  # the images' user
POSTGRES_UID = 999  # the postgres image's user, which reads postgres/


def role(database: str) -> str:
    """The PostgreSQL role that owns `database` and can connect to nothing else."""
    return f"convene_{database}"


def generate(folder: Path) -> list[str]:
    """Write what is missing; returns the names written (`part/name`)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []

    def write(name: str, value: str) -> str:
        path = folder / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(value + "\n")
            path.chmod(0o600)
            written.append(name)
        return path.read_text().strip()

    write("postgres/postgres_password", secrets.token_hex(32))
    for part in DATABASES:
        password = write(f"postgres/{part}_password", secrets.token_hex(32))
        driver = "postgresql" if part == "cms" else "postgresql+psycopg"
        write(f"{part}/database_url", f"{driver}://{role(part)}:{password}@postgres/{part}")
        for name in OWN[part]:
            write(f"{part}/{name}", secrets.token_hex(32))
        if part in SIGNERS:
            key = write(f"{part}/signing_key", new_signing_key())
            write(f"public/{part}.pub", public_key_of(key))
    for service in SERVICES:
        keys = folder / service / "keys"
        if not any(keys.glob("kek-*.key")):
            LocalKeyring.add_key(keys)
            written.append(f"{service}/keys")
    if os.geteuid() == 0:  # readable by the containers' user only
        for path in [folder, *folder.rglob("*")]:
            owner = POSTGRES_UID if "postgres" in path.relative_to(folder).parts else CONTAINER_UID
            os.chown(path, owner, owner)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    written = generate(args.folder)
    print(f"{len(written)} written to {args.folder}: {', '.join(written) or 'nothing new'}")


if __name__ == "__main__":
    main()
