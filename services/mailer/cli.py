"""Command line: `flask --app services.mailer db upgrade | keys rotate | keys rewrap |
contacts erase | erasures reapply | dead-letters list|requeue|discard|backlog`."""

import sys

import click
from flask.cli import AppGroup

from services.common.cli import dead_letters_group, erasures_group, keys_group

from . import erasures
from .extensions import db
from .models import AuditEntry, Contact, Message

contacts_group = AppGroup("contacts", help="Mailing-list contacts.")


@contacts_group.command("erase")
def erase():
    """Erase the addresses read from standard input, one per line, for good (never on
    the command line: it would stay in the shell's history and the process list)."""
    found = total = 0
    for line in sys.stdin:
        if line.strip():
            total += 1
            found += erasures.erase(line.strip())
    click.echo(f"{total} addresses erased and suppressed; {found} were on a list")


def register(app) -> None:
    app.cli.add_command(keys_group(db, [Message, Contact]))
    app.cli.add_command(contacts_group)
    app.cli.add_command(erasures_group(erasures.reapply))
    app.cli.add_command(dead_letters_group(db, Message, "template", record))


def record(actor: str, action: str, item_id, reason: str) -> None:
    """The CLI's audit entry for a dead letter."""
    db.session.add(
        AuditEntry(
            actor=actor, action=action, object_type="message", object_id=str(item_id), reason=reason
        )
    )
