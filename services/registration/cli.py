"""Command line: `flask --app services.registration db upgrade | keys rotate | keys rewrap`."""

from services.common.cli import keys_group

from .extensions import db
from .models import Note, Registration


def register(app) -> None:
    app.cli.add_command(keys_group(db, [Registration, Note]))
