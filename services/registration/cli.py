"""Command line: `flask --app services.registration db upgrade | keys rotate | keys rewrap |
erasures reapply | dead-letters list|requeue|discard|backlog`."""

from services.common.cli import dead_letters_group, erasures_group, keys_group

from . import erasures
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
