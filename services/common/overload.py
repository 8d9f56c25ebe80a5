"""Under overload a service answers at once, 503 with Retry-After, instead of timing out.

A caller that times out does not know whether its request was done; a 503 says it was not,
and when to try again (the CMS keeps the person's answers and Idempotency-Key, so sending
again is safe). Three bounds, each configurable per service (`<SERVICE>_...`):

- `MAX_IN_FLIGHT` (16) requests at once per process, waiting at most `ADMISSION_WAIT_MS`
  (250) for a place; /health and /ready are never held back.
- PostgreSQL statements run at most `STATEMENT_TIMEOUT_MS` (10000), wait for a row lock at
  most `LOCK_TIMEOUT_MS` (3000), and a connection from the pool at most `POOL_TIMEOUT_S` (3).
- The group commit (`group_commit.py`) waits at most `COMMIT_WAIT_MS` (5000) for its turn.

Each of these ends the request with 503 and `Retry-After`; nothing of it was written.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

import psycopg
from flask import Flask, jsonify, request
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from .errors import ConveneError

log = logging.getLogger("convene.overload")
RETRY_AFTER = "2"
EXEMPT = {"health", "ready"}


class Busy(ConveneError):
    """The service cannot take this request now; nothing of it was done."""


def database_options(env, database_url: str) -> dict:
    """Engine options bounding waits on PostgreSQL (SQLite's are in `db.tune_sqlite`)."""
    if database_url.startswith("sqlite"):
        return {}
    statement = env.int("STATEMENT_TIMEOUT_MS", 10_000)
    lock = env.int("LOCK_TIMEOUT_MS", 3_000)
    return {
        "pool_timeout": env.int("POOL_TIMEOUT_S", 3),
        "connect_args": {"options": f"-c statement_timeout={statement} -c lock_timeout={lock}"},
    }


def _busy_answer():
    body = {"code": 503, "status": "Service Unavailable", "message": "The service is busy; "}
    body["message"] += "nothing was done. Try again shortly."
    return jsonify(body), 503, {"Retry-After": RETRY_AFTER}


def init_overload(app: Flask, env) -> None:
    places = threading.BoundedSemaphore(env.int("MAX_IN_FLIGHT", 16))
    wait = env.int("ADMISSION_WAIT_MS", 250) / 1000
    app.extensions["convene_commit_wait"] = env.int("COMMIT_WAIT_MS", 5_000) / 1000

    @app.before_request
    def _admit():
        if request.endpoint in EXEMPT:
            return None
        if not places.acquire(timeout=wait):
            log.warning("event=overload.refused endpoint=%s", request.endpoint)
            return _busy_answer()
        request.environ["convene.admitted"] = True
        return None

    @app.teardown_request
    def _leave(_error=None):
        if request.environ.pop("convene.admitted", False):
            places.release()

    @app.errorhandler(Busy)
    def _busy(_exc):
        return _busy_answer()

    @app.errorhandler(PoolTimeout)
    def _pool(_exc):
        log.warning("event=overload.pool endpoint=%s", request.endpoint)
        return _busy_answer()

    @app.errorhandler(OperationalError)
    @app.errorhandler(sqlite3.OperationalError)  # the group commit's raw connection
    @app.errorhandler(psycopg.OperationalError)
    def _operational(exc):
        # A statement or lock timeout (query_canceled, lock_not_available), SQLite's
        # "database is locked", or the database out of reach: try again later.
        code = getattr(getattr(exc, "orig", exc), "sqlstate", None)
        log.warning("event=overload.database endpoint=%s sqlstate=%s", request.endpoint, code)
        return _busy_answer()
