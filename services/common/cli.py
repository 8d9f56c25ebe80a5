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


def dead_letters_group(db, model, kind: str, record) -> AppGroup:
    """`dead-letters list | requeue ID | discard ID --reason TEXT | backlog`, the admin's
    screen for an operator at a shell. `kind` names the column shown as the item's kind;
    `record(actor, action, item_id, reason)` adds the audit entry."""
    import json
    import uuid

    from . import dead_letters
    from .errors import DomainError

    group = AppGroup("dead-letters", help="Work items that failed for good.")
    actor_option = click.option("--actor", default="cli", help="Who acts (for the audit).")

    def run(action, item_id: str, actor: str, *args):
        try:
            item = action(
                db.session,
                model,
                uuid.UUID(item_id),
                *args,
                lambda name, object_id, reason: record(f"cli:{actor}", name, object_id, reason),
            )
        except (ValueError, DomainError) as exc:
            raise click.ClickException(getattr(exc, "message", "not a dead letter id")) from exc
        return item

    @group.command("list")
    def list_command():
        """One line per dead letter: id, kind, attempts, last error, failed at."""
        for item in dead_letters.listing(db.session, model):
            when = item.failed_at.isoformat(timespec="seconds")
            click.echo(
                f"{item.id}\t{getattr(item, kind)}\t{item.attempts}\t{item.last_error}\t{when}"
            )

    @group.command("requeue")
    @click.argument("item_id")
    @actor_option
    def requeue_command(item_id: str, actor: str):
        """Try the dead letter ITEM_ID again."""
        run(dead_letters.requeue, item_id, actor)
        click.echo(f"requeued {item_id}")

    @group.command("discard")
    @click.argument("item_id")
    @click.option("--reason", required=True, help="Why it is given up (kept and audited).")
    @actor_option
    def discard_command(item_id: str, reason: str, actor: str):
        """Give up on the dead letter ITEM_ID."""
        run(dead_letters.discard, item_id, actor, reason)
        click.echo(f"discarded {item_id}")

    @group.command("backlog")
    def backlog_command():
        """Pending items, the oldest one's age in seconds, and the dead letters (JSON)."""
        click.echo(json.dumps(dead_letters.backlog(db.session, model)))

    return group
