"""Under overload a service answers at once, 503 with Retry-After, and does nothing."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import select, text

from services.common.group_commit import GroupCommit
from services.common.overload import Busy
from services.registration import create_app
from services.registration.config import Config
from services.registration.extensions import db
from services.registration.models import Event, OutboxMessage
from services.registration.services import outbox_row

from ..conftest import service_app
from .conftest import event_settings, register

pytestmark = pytest.mark.postgres


@pytest.fixture
def tight(database_url, crypto_config, monkeypatch, tmp_path):
    """A registration service that takes one request at a time, waits 50 ms for a place,
    and 200 ms for a row lock."""
    monkeypatch.setenv("REGISTRATION_MAX_IN_FLIGHT", "1")
    monkeypatch.setenv("REGISTRATION_ADMISSION_WAIT_MS", "50")
    monkeypatch.setenv("REGISTRATION_LOCK_TIMEOUT_MS", "200")
    yield from service_app(
        create_app,
        Config,
        database_url,
        crypto_config,
        mailer_url="http://127.0.0.1:9",
        erasure_ledger=str(tmp_path / "e"),
    )


def busy(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    body = response.get_json()
    assert body["code"] == 503 and "nothing was done" in body["message"]


def test_a_request_over_the_limit_is_answered_at_once_and_health_still_answers(tight, cms):
    entered, release = threading.Event(), threading.Event()

    def slow():
        entered.set()
        release.wait(5)
        return {"status": "slow"}

    tight.add_url_rule("/slow", "slow", slow)
    tight.config["CONVENE_PUBLIC_ENDPOINTS"] = {"slow"}
    holder = threading.Thread(target=lambda: tight.test_client().get("/slow"))
    holder.start()
    try:
        assert entered.wait(5)
        started = time.monotonic()
        busy(tight.test_client().put("/events/ev-1", json=event_settings(), headers=cms))
        assert time.monotonic() - started < 1
        assert tight.test_client().get("/health").status_code == 200
    finally:
        release.set()
        holder.join()
    done = tight.test_client().put("/events/ev-1", json=event_settings(), headers=cms)
    assert done.status_code == 200


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)  # PostgreSQL's locks
def test_a_row_lock_held_too_long_gives_503_not_a_hang(tight, cms):
    client = tight.test_client()
    assert client.put("/events/ev-1", json=event_settings(), headers=cms).status_code == 200
    with tight.app_context():
        holder = db.engine.connect()
        holder.execute(text("SELECT 1 FROM events WHERE key = 'ev-1' FOR UPDATE"))
        try:
            started = time.monotonic()
            busy(client.put("/events/ev-1", json=event_settings(title="New"), headers=cms))
            assert time.monotonic() - started < 2
        finally:
            holder.rollback()
            holder.close()
    with tight.app_context():
        assert db.session.scalar(select(Event.title)) == "Consultation"  # nothing was done


def test_a_write_that_waits_too_long_for_its_turn_is_taken_out_of_the_group(app):
    with app.app_context():
        table = OutboxMessage.__table__
        writer = GroupCommit(db.engine, wait=0.05)
        writer._writer.acquire()  # another request's commit, taking its time
        try:
            with pytest.raises(Busy):
                writer.insert([(table, [outbox_row("refused", "1")])])
        finally:
            writer._writer.release()
        writer.insert([(table, [outbox_row("written", "2")])])
        writer.close()
        topics = set(db.session.scalars(select(OutboxMessage.topic)))
        assert topics == {"written"}  # the refused one was never written


def test_a_driver_error_in_the_group_commit_is_busy_not_a_crash(
    app, client, cms, event, monkeypatch
):
    """The group commit writes on a raw connection: the driver's own OperationalError (a
    restarting PostgreSQL, a locked SQLite file) reaches the app, not SQLAlchemy's."""
    import psycopg

    from services.common.group_commit import GroupCommit as Writer

    for error in (sqlite3.OperationalError("database is locked"), psycopg.OperationalError("gone")):

        def fail(self, tables, error=error):
            raise error

        monkeypatch.setattr(Writer, "insert", fail)
        busy(register(client, cms))
