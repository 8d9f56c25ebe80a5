"""Command line: `flask --app services.registration db upgrade | keys rotate | keys rewrap |
erasures reapply`."""

import click
from flask.cli import AppGroup

from services.common.cli import keys_group

from . import erasures
from .extensions import db
from .models import Note, Registration

erasures_group = AppGroup("erasures", help="The erasure ledger, kept apart from the database.")


@erasures_group.command("reapply")
def reapply():
    """After restoring a backup: erase again whoever was erased since it was taken."""
    recorded, again = erasures.reapply()
    click.echo(f"{recorded} erasures recorded; {again} erased again")


def register(app) -> None:
    app.cli.add_command(keys_group(db, [Registration, Note]))
    app.cli.add_command(erasures_group)
