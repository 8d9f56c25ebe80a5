"""`flask --app services.<name> keys ...`: key rotation commands, the same for every service."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from .crypto import LocalKeyring
from .db import rewrap_all


def erasures_group(reapply) -> AppGroup:
    """`erasures reapply`: after restoring a backup, erase again whoever was erased since
    it was taken (from the ledger kept apart from the database)."""
    group = AppGroup("erasures", help="The erasure ledger, kept apart from the database.")

    @group.command("reapply")
    def reapply_command():
        """Erase again every recorded erasure the database has forgotten."""
        recorded, again = reapply()
        click.echo(f"{recorded} erasures recorded; {again} erased again")

    return group


def keys_group(db, models: list) -> AppGroup:
    """A `keys` command group re-wrapping the encrypted columns of `models`."""
    group = AppGroup("keys", help="Rotate and re-wrap key-encryption keys.")

    @group.command("rotate")
    def rotate():
        """Add a new local key-encryption key; new records are wrapped by it."""
        config = current_app.extensions["convene_config"]
        if config.crypto.keyring != "local":
            raise click.ClickException("with KMS, rotate the key in KMS, then run rewrap")
        key_id = LocalKeyring.add_key(config.crypto.key_dir)
        click.echo(f"added {key_id}; restart the service, then run `keys rewrap`")

    @group.command("rewrap")
    def rewrap():
        """Re-wrap every stored data key under the current key-encryption key."""
        envelope = current_app.extensions["convene_envelope"]
        for model in models:
            count = rewrap_all(db.session, envelope, model, model.encrypted)
            click.echo(f"{model.__tablename__}: {count} values re-wrapped")

    return group
