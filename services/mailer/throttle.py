"""Send-rate limits shared by every worker process, kept in the database.

A limit is a row holding the next free sending time. A worker reserves a short window
(about a second's worth of sends) by moving that time forward with a conditional UPDATE
that only one worker can win, then spaces its sends evenly inside the window. However
many workers run, the sends of one limit never exceed its rate.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from services.common.db import utcnow

from .models import SendSlot

_slots = SendSlot.__table__


def reserve(engine: Engine, name: str, count: int, rate: float) -> datetime:
    """Reserve `count` sends at `rate` per second; returns when the window starts."""
    span = timedelta(seconds=count / rate)
    while True:
        now = utcnow()
        try:
            with engine.begin() as connection:
                current = connection.scalar(select(_slots.c.next_at).where(_slots.c.name == name))
                if current is None:
                    connection.execute(insert(_slots).values(name=name, next_at=now + span))
                    return now
                start = max(current, now)
                won = connection.execute(
                    update(_slots)
                    .where(_slots.c.name == name, _slots.c.next_at == current)
                    .values(next_at=start + span)
                ).rowcount
            if won:
                return start
        except IntegrityError:
            continue  # another worker created the row first: read it again


class SharedRateLimiter:
    """At most `per_second` sends per second under `name`, across processes (0: unlimited)."""

    def __init__(self, engine: Engine, name: str, per_second: float):
        self.engine, self.name, self.rate = engine, name, per_second
        self.chunk = max(1, int(per_second))  # about one second reserved at a time
        self._left = 0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.rate:
            return
        with self._lock:
            if self._left == 0:
                start = reserve(self.engine, self.name, self.chunk, self.rate)
                self._next = time.monotonic() + max(0.0, (start - utcnow()).total_seconds())
                self._left = self.chunk
            delay = self._next - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next += 1.0 / self.rate
            self._left -= 1
