"""Command line: `flask --app services.grievance db upgrade | keys rotate | keys rewrap |
desk remove-member <issuer:subject> | desk rotate-keys <issuer:subject>`."""

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import delete

from services.common.cli import dead_letters_group, keys_group
from services.common.db import utcnow
from services.common.errors import ConveneError

from . import desk_rotation
from .extensions import db
from .models import AuditEntry, OutboxMessage, ReviewerKey, Unlock


def register(app) -> None:
    app.cli.add_command(keys_group(db, []))
    app.cli.add_command(desk_group)
    app.cli.add_command(dead_letters_group(db, OutboxMessage, "topic", record))


def record(actor: str, action: str, item_id, reason: str) -> None:
    """The CLI's audit entry for a dead letter."""
    db.session.add(
        AuditEntry(
            at=utcnow(),
            actor=actor,
            action=action,
            object_type="outbox",
            object_id=str(item_id),
            reason=reason,
        )
    )


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


@desk_group.command("rotate-keys")
@click.argument("member")
@click.option(
    "--passphrase-stdin",
    is_flag=True,
    help="Read MEMBER's passphrase from the first line of standard input instead of asking.",
)
@click.option("--every", default=100, show_default=True, help="Commit and report every N reports.")
@click.option("--yes", is_flag=True, help="Do not ask before removing the other members' keys.")
def rotate_keys(member: str, passphrase_stdin: bool, every: int, yes: bool) -> None:
    """Replace the desk's key: a new key pair, every reprisal report re-sealed to it, the
    old key discarded. MEMBER (issuer:subject) must hold every desk key; their passphrase
    (asked for, or read from standard input, never an argument) opens the old key and
    wraps the new one.

    Every other member's copy is of the old key and cannot be renewed without their
    passphrase: it is deleted, and a member who has unlocked adds them again (the desk
    screen's "add member"). Every unlock ends. Nothing is lost: reports are re-sealed in
    batches, and the old key goes only once nothing is sealed to it; if the command is
    interrupted, run it again as MEMBER and it finishes with the same new key.
    """
    if passphrase_stdin:
        passphrase = sys.stdin.readline().rstrip("\r\n")
    else:
        passphrase = click.prompt(f"Passphrase of {member}", hide_input=True)
    losing = desk_rotation.members_losing_access(member)
    click.echo(f"Members to add again afterwards: {', '.join(losing) or 'none'}")
    if not yes:
        click.confirm("Rotate the desk's key?", abort=True)

    def progress(number: int, done: int, total: int, resealed: int) -> None:
        what = "re-sealing" if number == 1 else "checking nothing is left"
        click.echo(f"pass {number} ({what}): {done}/{total} reports, {resealed} parts re-sealed")

    try:
        result = desk_rotation.rotate(member, passphrase, every=every, progress=progress)
    except ConveneError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"{'finished' if result['resumed'] else 'rotated'}: desk key {result['key_id']}, "
        f"{result['reports']} reports, {result['resealed']} sealed parts re-sealed; "
        f"add again: {', '.join(result['to_add_again']) or 'nobody'}"
    )
