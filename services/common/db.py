"""Column mixins and engine settings shared by the services' models.

Mixins only: each service declares its own tables in its own database.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import JSON, DateTime, Integer, String, TypeDecorator, Uuid, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column


def uuid7() -> uuid.UUID:
    """A time-ordered UUID (RFC 9562 version 7): 48 bits of milliseconds, then random.

    Rows inserted in bulk land at the end of their B-tree indexes instead of at random
    pages, which keeps large imports fast on SQLite and PostgreSQL alike.
    """
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 9562 variant
    return uuid.UUID(int=value)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every backend (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetimes are not stored")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class WorkItemMixin:
    """A durable unit of background work, claimed with a lease.

    A worker that dies holding a lease loses it when `lease_until` passes, so the
    item is retried: delivery is at-least-once, and receivers are idempotent.
    """

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    available_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))


class OutboxMixin(WorkItemMixin):
    """A message to another service, written in the same transaction as its cause.

    It holds ids only; the relay reads (and decrypts) what it needs when it sends.
    """

    topic: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64))


class DeadLetterMixin:
    """What an operator decided about a work item that failed for good (a dead letter).

    A dead letter has `failed_at` set; requeueing clears it, discarding sets `done_at`
    and keeps the reason here (staff write it: it never goes to a log)."""

    discarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    discard_reason: Mapped[str | None] = mapped_column(String(200))


class IdempotencyMixin:
    """The first response to a request carrying an `Idempotency-Key`, for replay."""

    endpoint: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditMixin:
    """Who did what to which object. Ids and action names only, never personal data."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64), index=True)


def insert_rows(connection, table, rows: list[dict]) -> None:
    """A bulk INSERT straight to the driver's executemany.

    Each value goes through its column's own bind processor (so UUIDs and UTC times are
    stored exactly as the ORM stores them), but without SQLAlchemy's per-row parameter
    bookkeeping, which costs more than the database on imports of millions of rows.
    """
    if rows:
        connection.exec_driver_sql(*driver_insert(connection.dialect, table, rows))


def driver_insert(dialect, table, rows: list[dict]) -> tuple[str, list[tuple]]:
    """`(sql, values)` for a DBAPI `executemany` inserting `rows` (dicts with equal keys)."""
    names = tuple(rows[0])
    sql, processors = _insert_plan(dialect, table, names)
    memo: list[tuple] = [(object(), None)] * len(names)  # equal neighbours convert once
    values = []
    for row in rows:
        converted = []
        for i, name in enumerate(names):
            value, process = row[name], processors[i]
            if process is not None and value is not None:
                last, done = memo[i]
                if value is not last:
                    done = process(value)
                    memo[i] = (value, done)
                value = done
            converted.append(value)
        values.append(tuple(converted))
    return sql, values


@lru_cache(maxsize=256)
def _insert_plan(dialect, table, names: tuple[str, ...]) -> tuple[str, list]:
    """The INSERT statement and each column's bind processor, worked out once."""
    quote = dialect.identifier_preparer.quote
    processors = [table.c[name].type._cached_bind_processor(dialect) for name in names]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    # Identifiers come from the table's metadata (table.c[name] above) and are quoted.
    columns, marks = ", ".join(quote(n) for n in names), ", ".join([mark] * len(names))
    return f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})", processors  # noqa: S608


class WriteLock:
    """One writer at a time on SQLite, waiting in line instead of polling.

    SQLite lets one connection write at a time; the others retry on a busy timer that
    sleeps up to 100 ms between tries, which makes the slowest requests very slow under
    load. Writers here queue on a lock instead: a thread lock within the process, and an
    `flock` on a file beside the database across processes (gunicorn workers). On other
    databases it does nothing.
    """

    def __init__(self, engine: Engine):
        self._thread_lock = threading.Lock()
        self._file = None
        database = engine.url.database if engine.dialect.name == "sqlite" else None
        if database and database != ":memory:":
            self._file = open(f"{database}.write-lock", "a+")  # held open for the process's life

    @contextmanager
    def held(self):
        if self._file is None:
            yield
            return
        with self._thread_lock:
            fcntl.flock(self._file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._file, fcntl.LOCK_UN)


def tune_sqlite(engine: Engine) -> None:
    """WAL, foreign keys and a busy timeout on every SQLite connection of `engine`."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def rewrap_all(session, envelope, model, columns: tuple[str, ...], batch: int = 500) -> int:
    """Re-wrap every encrypted value of `model` under the current key; returns the count.

    Only data keys are re-wrapped: ciphertexts stay as they are, so this is cheap and
    an interrupted run can simply be started again.
    """
    from sqlalchemy import select

    from .crypto import associated_data

    table = model.__tablename__
    changed = 0
    for row in session.scalars(select(model).execution_options(yield_per=batch)):
        for column in columns:
            blob = getattr(row, column)
            if blob is None:
                continue
            new = envelope.rewrap(blob, associated_data(table, column, row.id))
            if new != blob:
                setattr(row, column, new)
                changed += 1
    session.commit()
    return changed
