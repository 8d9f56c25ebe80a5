"""The seats of a track: every path that can fill one holds the track's lock first.

Counting the seats taken and then changing a status is a race when two requests do it at
once: each counts one free seat, each takes it (12 concurrent selections on a 2-seat track
selected 9 on PostgreSQL). So every operation that can fill a seat (a select or promote
action, one or in bulk; a promotion from the waiting list when someone withdraws or is
erased; a selection's decisions and replacements; a withdrawal or confirmation, which
change what is counted) first takes `lock` for each track it touches, then reads the
statuses again, counts and writes in the same transaction. The lock is released when the
transaction ends (commit or rollback).

- PostgreSQL: `pg_advisory_xact_lock` on a 64-bit key from the track's name
  (`hashtextextended`): one lock per track, held to the end of the transaction, and no
  table or row is locked against public registrations. Two tracks whose keys collided
  would only wait for each other.
- SQLite: one writer at a time for the whole database. A no-op UPDATE of the event's row
  takes the write lock at once (a deferred transaction would take it only at its first
  write, after the count), so the count and the update happen under it.

Objects loaded before the lock may be stale: `hold` locks, then refreshes them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select, text

from .extensions import db
from .models import Event, Registration

SEATED = ("selected", "confirmed")


def lock(event_key: str, track_key: str) -> None:
    """Hold the seats of one track until the current transaction ends (re-entrant)."""
    if db.session.get_bind().dialect.name == "postgresql":
        name = f"convene.seats|{event_key}|{track_key}"
        db.session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(name, 0))))
    else:
        db.session.execute(
            text("UPDATE events SET region = region WHERE key = :key"), {"key": event_key}
        )


def hold(regs: Iterable[Registration]) -> list[Registration]:
    """Lock the tracks of `regs` (in one order, so two requests never wait on each
    other crosswise), then read each registration again under the lock."""
    regs = list(regs)
    for event_key, track_key in sorted({(r.event_key, r.track_key) for r in regs}):
        lock(event_key, track_key)
    for reg in regs:
        db.session.refresh(reg)
    return regs


def taken(event_key: str, track_key: str) -> int:
    """Seats taken now (pending changes of this transaction included)."""
    return db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.event_key == event_key,
            Registration.track_key == track_key,
            Registration.status.in_(SEATED),
        )
    )


def capacity(event: Event, track_key: str) -> int | None:
    """The track's places, or None when it has no limit."""
    return (event.track(track_key) or {}).get("capacity")


def free(event: Event, track_key: str) -> int | None:
    """Places still free on the track (0 when full or over), or None without a limit.
    Call it under `lock`."""
    places = capacity(event, track_key)
    return None if places is None else max(places - taken(event.key, track_key), 0)
