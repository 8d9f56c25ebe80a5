"""Group commit: concurrent requests' inserts share one transaction and one commit.

A commit costs a disk flush (SQLite) or a round trip and a WAL flush (PostgreSQL),
which on the busiest endpoint costs more than everything else it does. Requests hand
their rows to `GroupCommit.insert`; the first thread to find no writer at work becomes
the writer, takes every write waiting at that moment, and commits them together; the
others wait for their turn and find their rows already committed. Nobody is answered
before their rows are durable, and a request whose rows break a unique constraint gets
`UniqueViolation` with nothing of it written, while the rest of the group is written without it.
"""

from __future__ import annotations

import threading

from sqlalchemy.engine import Engine

from .db import WriteLock, driver_insert
from .overload import Busy


class UniqueViolation(Exception):
    """The rows broke a unique constraint (a replay or a twin); nothing of them was written."""


class _Write:
    __slots__ = ("statements", "done", "error")

    def __init__(self, statements: list[tuple[str, list[tuple]]]):
        self.statements = statements
        self.done = False
        self.error: BaseException | None = None


class GroupCommit:
    def __init__(self, engine: Engine, wait: float | None = None):
        """`wait`: the longest a request waits for its turn to write (None: as long as it
        takes); past it, its rows are taken out of the queue and `Busy` is raised."""
        self._engine = engine
        self._wait = wait
        self._sqlite = engine.dialect.name == "sqlite"
        self._integrity_error = engine.dialect.loaded_dbapi.IntegrityError
        self.file_lock = WriteLock(engine)
        self._writer = threading.Lock()
        self._waiting: list[_Write] = []
        self._waiting_lock = threading.Lock()
        self._connection = None

    def insert(self, tables: list[tuple]) -> None:
        """Insert `[(table, rows), ...]` in one transaction; return once committed."""
        dialect = self._engine.dialect
        write = _Write([driver_insert(dialect, table, rows) for table, rows in tables if rows])
        with self._waiting_lock:
            self._waiting.append(write)
        if not self._turn(write):
            raise Busy("the database is busy: nothing was written")
        try:
            if not write.done:
                with self._waiting_lock:
                    group, self._waiting = self._waiting, []
                self._commit(group)
        finally:
            self._writer.release()
        if write.error is not None:
            raise write.error

    def _turn(self, write: _Write) -> bool:
        """Hold the writer's lock; False if the wait ran out while `write` was still
        queued (it is then taken out: nothing of it will be written)."""
        if self._writer.acquire(timeout=-1 if self._wait is None else self._wait):
            return True
        with self._waiting_lock:
            if write in self._waiting:
                self._waiting.remove(write)
                return False
        self._writer.acquire()  # another writer took it into its group: wait for it
        return True

    def close(self) -> None:
        """Give the writing connection back to the pool (tests; shutting down)."""
        with self._writer:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def _commit(self, group: list[_Write]) -> None:
        """Commit `group`; a write that conflicts is taken out and the rest tried again.

        One connection, kept between groups, writes every group of this process: no
        pool check-out, ping and reset per commit.
        """
        retrying = False
        while group:
            current = None
            if self._connection is None:
                self._connection = self._engine.raw_connection()
            connection = self._connection
            try:
                with self.file_lock.held():
                    cursor = connection.cursor()
                    if self._sqlite:
                        cursor.execute("BEGIN IMMEDIATE")
                    if len(group) > 1 and not retrying:
                        current = -1  # somebody in the group: find out who, one by one
                        for sql, values in _merged(group):
                            cursor.executemany(sql, values)
                    else:
                        for current in range(len(group)):
                            for sql, values in group[current].statements:
                                cursor.executemany(sql, values)
                    current = None
                    connection.commit()
            except self._integrity_error as exc:
                connection.rollback()
                if current is None:  # at commit: nobody in particular
                    _finish(group, exc)
                    return
                if current >= 0:
                    _finish([group.pop(current)], UniqueViolation())
                retrying = True
                continue
            except BaseException as exc:
                self._connection = None
                _discard(connection)
                _finish(group, exc)
                return
            _finish(group, None)
            return


def _merged(group: list[_Write]) -> list[tuple[str, list[tuple]]]:
    """The group's rows as one `executemany` per statement, in first-seen order."""
    merged: dict[str, list[tuple]] = {}
    for write in group:
        for sql, values in write.statements:
            merged.setdefault(sql, []).extend(values)
    return list(merged.items())


def _finish(group: list[_Write], error: BaseException | None) -> None:
    for write in group:
        write.error, write.done = error, True


def _discard(connection) -> None:
    """After an unexpected error: roll back and return it, or throw it away if broken."""
    try:
        connection.rollback()
        connection.close()
    except Exception:
        connection.invalidate()
