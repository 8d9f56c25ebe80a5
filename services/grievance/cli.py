"""Command line: `flask --app services.grievance db upgrade | keys rotate | keys rewrap`."""

from services.common.cli import keys_group

from .extensions import db


def register(app) -> None:
    app.cli.add_command(keys_group(db, []))
