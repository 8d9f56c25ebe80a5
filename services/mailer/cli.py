"""Command line: `flask --app services.mailer db upgrade | keys rotate | keys rewrap`."""

from services.common.cli import keys_group

from .extensions import db
from .models import Contact, Message


def register(app) -> None:
    app.cli.add_command(keys_group(db, [Message, Contact]))
