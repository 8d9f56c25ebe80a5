"""Command line: `flask --app services.registration db upgrade | keys rotate | keys rewrap |
erasures reapply`."""

from services.common.cli import erasures_group, keys_group

from . import erasures
from .extensions import db
from .models import Note, Registration


def register(app) -> None:
    app.cli.add_command(keys_group(db, [Registration, Note]))
    app.cli.add_command(erasures_group(erasures.reapply))
