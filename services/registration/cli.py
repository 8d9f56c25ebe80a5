"""Command line: `flask --app services.registration db upgrade | keys rotate | keys rewrap |
erasures reapply | dead-letters list|requeue|discard|backlog | outbox reconcile`."""

import click
from flask import current_app
from flask.cli import AppGroup

from services.common.auth import TokenIssuer
from services.common.cli import dead_letters_group, erasures_group, keys_group
from services.common.http import service_client

from . import erasures, reconcile
from .extensions import db
from .models import Note, OutboxMessage, Registration
from .services import audit


def register(app) -> None:
    app.cli.add_command(keys_group(db, [Registration, Note]))
    app.cli.add_command(erasures_group(erasures.reapply))
    app.cli.add_command(
        dead_letters_group(
            db,
            OutboxMessage,
            "topic",
            lambda actor, action, item_id, reason: audit(actor, action, "outbox", item_id, reason),
        )
    )
    app.cli.add_command(outbox)


outbox = AppGroup("outbox", help="The outbox of messages to the mailer.")


@outbox.command("reconcile")
@click.option("--days", default=2, show_default=True, help="Relayed within this many days.")
def reconcile_command(days: int) -> None:
    """Report e-mails relayed to the mailer that it never queued, or that failed."""
    config = current_app.extensions["convene_config"]
    issuer = TokenIssuer(config.tokens.signing_key, issuer="registration")
    with service_client(config.mailer_url, issuer, "mailer") as mailer:
        found = reconcile.reconcile(mailer, days)
    click.echo(
        f"relayed {found['relayed']}: "
        + ", ".join(f"{status} {count}" for status, count in sorted(found["counts"].items()))
    )
    for kind in ("missing", "failed"):
        for item_id, topic in found[kind]:
            click.echo(f"{kind} {item_id} {topic}")
    if found["missing"] or found["failed"]:
        raise SystemExit(1)
