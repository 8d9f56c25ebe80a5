"""Claiming and draining work items; a service's worker.py supplies the handlers.

Two workers may run at once: an item is claimed by a conditional UPDATE that only
one of them can win, and each item is committed on its own.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from .db import utcnow

log = logging.getLogger("convene.worker")
MAX_ATTEMPTS = 8


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def claim(
    session: Session,
    model,
    owner: str,
    limit: int = 20,
    lease_seconds: int = 120,
    where=(),
    ids_only: bool = False,
):
    """Claim up to `limit` due items in one statement; returns the ones this call won.

    On PostgreSQL the candidates are locked with `FOR UPDATE SKIP LOCKED` in a CTE, so
    workers never wait on each other; on SQLite they are read first. Either way the
    UPDATE re-checks that each item is free, so an item is never leased twice.
    """
    now = utcnow()
    free = or_(model.lease_until.is_(None), model.lease_until < now)
    due = (
        select(model.id)
        .where(model.done_at.is_(None), model.failed_at.is_(None))
        .where(model.available_at <= now, free, *where)
        .order_by(model.created_at)
        .limit(limit)
    )
    lease = f"{owner}:{uuid.uuid4().hex[:12]}"[-64:]
    if session.get_bind().dialect.name == "postgresql":
        # A CTE runs once; an `IN (subquery ... LIMIT)` may be re-run by the planner and
        # lease more rows than asked for.
        picked = due.with_for_update(skip_locked=True).cte("picked")
        statement = update(model).where(model.id == picked.c.id)
    else:
        # SQLite may re-run an IN subquery while the UPDATE changes the rows it reads;
        # read the candidates first. The UPDATE re-checks they are free, so two workers
        # that picked the same rows never both lease one.
        statement = update(model).where(model.id.in_(list(session.scalars(due))))
    session.execute(
        statement.where(model.done_at.is_(None), free)
        .values(lease_owner=lease, lease_until=now + timedelta(seconds=lease_seconds))
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if ids_only:
        return list(session.scalars(select(model.id).where(model.lease_owner == lease)))
    return list(
        session.scalars(select(model).where(model.lease_owner == lease).order_by(model.created_at))
    )


def complete(session: Session, item) -> None:
    item.done_at = utcnow()
    item.lease_owner = item.lease_until = None
    session.commit()


def retry_later(session: Session, item, error: Exception) -> None:
    """Back off exponentially; give up after MAX_ATTEMPTS and keep the item for review."""
    session.rollback()
    item.attempts += 1
    item.last_error = type(error).__name__[:200]
    item.lease_owner = item.lease_until = None
    if item.attempts >= MAX_ATTEMPTS:
        item.failed_at = utcnow()
    else:
        item.available_at = utcnow() + timedelta(seconds=min(2**item.attempts, 300))
    session.commit()


def drain(session: Session, model, handle: Callable, owner: str, name: str) -> int:
    """Process every due item once; returns how many were completed."""
    done = 0
    for item in claim(session, model, owner):
        try:
            handle(item)
        except Exception as exc:  # noqa: BLE001 - any failure means "try again later"
            log.warning(
                "event=work.retry worker=%s item=%s error=%s", name, item.id, type(exc).__name__
            )
            retry_later(session, item, exc)
        else:
            complete(session, item)
            done += 1
    return done


class Loop:
    """Runs `step()` until SIGTERM/SIGINT, sleeping when there was nothing to do.

    After a failed step the `session`'s transaction is rolled back: on PostgreSQL an
    aborted transaction would otherwise fail every later step of this worker."""

    def __init__(self, name: str, step: Callable[[], int], interval: float = 1.0, session=None):
        self.name = name
        self.step = step
        self.interval = interval
        self.session = session
        self.stopping = False

    def stop(self, *_args) -> None:
        self.stopping = True

    def run(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self.run_while(lambda: not self.stopping)

    def run_while(self, going: Callable[[], bool]) -> None:
        """The loop itself, while `going()` (a thread's loop: no signals of its own)."""
        log.info("event=worker.start worker=%s", self.name)
        while going():
            try:
                busy = self.step()
            except Exception as exc:  # noqa: BLE001 - e.g. database briefly unavailable
                log.error("event=worker.error worker=%s error=%s", self.name, type(exc).__name__)
                if self.session is not None:
                    self.session.rollback()
                busy = 0
            if not busy:
                time.sleep(self.interval)
        log.info("event=worker.stop worker=%s", self.name)
