"""Command line: `flask --app services.grievance db upgrade | keys rotate | keys rewrap |
desk remove-member <issuer:subject>`."""

import click
from flask.cli import AppGroup
from sqlalchemy import delete

from services.common.cli import keys_group
from services.common.db import utcnow

from .extensions import db
from .models import AuditEntry, ReviewerKey, Unlock


def register(app) -> None:
    app.cli.add_command(keys_group(db, []))
    app.cli.add_command(desk_group)


desk_group = AppGroup("desk", help="The reprisal desk's members.")


@desk_group.command("remove-member")
@click.argument("member")
def remove_member(member: str) -> None:
    """Delete MEMBER's wrapped copy of the desk's keys and their unlocks (audited)."""
    keys = db.session.execute(delete(ReviewerKey).where(ReviewerKey.reviewer == member)).rowcount
    db.session.execute(delete(Unlock).where(Unlock.reviewer == member))
    db.session.add(
        AuditEntry(
            at=utcnow(),
            actor="cli",
            action="desk.remove_member",
            object_type="reviewer",
            object_id=member,
        )
    )
    db.session.commit()
    click.echo(f"removed {keys} wrapped key(s) of {member}")
