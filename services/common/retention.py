"""How long each service keeps each kind of record, and the sweep its worker runs.

Each service lists its `Rule`s in its own `retention.py`, with the number of days read from
its configuration (`<SERVICE>_RETENTION`, e.g. `{"audit": 730}`); docs/operations.md has
the table. The worker calls `Sweeper.maybe_run()` on every step; the sweep runs at most
once an hour, each rule in its own transaction, and logs counts only.

A sweep deletes or blanks rows by date alone, so it is safe to run again and after a
restore: a restored backup is brought back in line by the next sweep.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete

from .db import utcnow

log = logging.getLogger("convene.retention")
SWEEP_SECONDS = 3600


@dataclass(frozen=True)
class Rule:
    """`sweep(cutoff)` removes what is older than `cutoff` and returns how many rows."""

    name: str
    days: int
    sweep: Callable[[datetime], int]
    what: str  # what goes, in one line (docs/operations.md)


def days(configured: Mapping[str, int], name: str, default: int) -> int:
    value = int(configured.get(name, default))
    if value < 0:
        raise ValueError(f"retention for {name} must be 0 days or more")
    return value


def run(session, rules: list[Rule], now: datetime | None = None) -> dict[str, int]:
    """Every rule once, each committed on its own; returns rows swept per rule."""
    now = now or utcnow()
    counts = {}
    for rule in rules:
        try:
            counts[rule.name] = rule.sweep(now - timedelta(days=rule.days))
            session.commit()
        except Exception:
            session.rollback()
            log.exception("event=retention.failed rule=%s", rule.name)
            raise
        if counts[rule.name]:
            log.info("event=retention.swept rule=%s rows=%d", rule.name, counts[rule.name])
    return counts


class Sweeper:
    """Runs `run(session, rules())` at most once every `every` seconds."""

    def __init__(self, session, rules: Callable[[], list[Rule]], every: float = SWEEP_SECONDS):
        self.session, self.rules, self.every = session, rules, every
        self.last: float | None = None

    def maybe_run(self) -> int:
        if self.last is not None and time.monotonic() - self.last < self.every:
            return 0
        self.last = time.monotonic()
        return sum(run(self.session, self.rules()).values())


# -- rules every service has ------------------------------------------------------------


def delete_before(session, model, column) -> Callable[[datetime], int]:
    def sweep(cutoff: datetime) -> int:
        return session.execute(delete(model).where(column < cutoff)).rowcount or 0

    return sweep


def common_rules(session, models, configured: Mapping[str, int]) -> list[Rule]:
    """Outbox items relayed, idempotency answers, audit entries and spent token ids.
    `models`: an object with OutboxMessage (or None), IdempotencyRecord, AuditEntry and
    TokenUse attributes."""
    rules = []
    outbox = getattr(models, "OutboxMessage", None)
    if outbox is not None:
        rules.append(
            Rule(
                "outbox",
                days(configured, "outbox", 7),
                delete_before(session, outbox, outbox.done_at),
                "outbox items, once relayed (failed ones stay for review)",
            )
        )
    rules += [
        Rule(
            "idempotency",
            days(configured, "idempotency", 2),
            delete_before(session, models.IdempotencyRecord, models.IdempotencyRecord.created_at),
            "the stored first answer to a request with an Idempotency-Key",
        ),
        Rule(
            "audit",
            days(configured, "audit", 730),
            delete_before(session, models.AuditEntry, models.AuditEntry.at),
            "audit entries (who opened, decided, exported or erased what, when, why)",
        ),
        Rule(
            "token_uses",
            0,
            delete_before(session, models.TokenUse, models.TokenUse.expires_at),
            "ids of spent service tokens, once the tokens have expired",
        ),
    ]
    return rules
