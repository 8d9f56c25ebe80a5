"""Relays the outbox to the mailer: `python -m services.registration.worker`."""

from __future__ import annotations

import logging
import threading
import time

from flask import current_app

from services.common.auth import TokenIssuer
from services.common.dead_letters import backlog, send_alerts
from services.common.http import service_client
from services.common.retention import Sweeper
from services.common.worker import Loop, drain, worker_id

from . import create_app, messages, retention, selection_runs
from .erasures import FORGET
from .extensions import db
from .messages import WITHDRAWN
from .models import OutboxMessage

UPDATES = "registration.updates"
ALERT_SECONDS = 60
log = logging.getLogger("convene.registration")


def make_step(mailer):
    owner = worker_id()
    checked: list[float] = []

    def handle(item: OutboxMessage) -> None:
        key = {"Idempotency-Key": f"registration-{item.id}"}
        if item.topic in (FORGET, WITHDRAWN):
            body = messages.forgetting(item)
            if body is not None:
                mailer.post("/people/forget", json=body, headers=key).raise_for_status()
            item.sealed = None  # relayed: the address is not kept here any longer
            return
        if item.topic == UPDATES:
            body = messages.subscription(item.object_id)
            if body is not None:  # double opt-in: the mailer asks the person to confirm
                mailer.post("/subscriptions", json=body, headers=key).raise_for_status()
            return
        body = messages.build(item.topic, item.object_id, item.created_at.timestamp())
        if body is not None:
            mailer.post("/messages", json=body, headers=key).raise_for_status()

    sweeper = Sweeper(db.session, lambda: retention.rules(_configured()))

    def step() -> int:
        done = sweeper.maybe_run() + drain(db.session, OutboxMessage, handle, owner, "registration")
        if not checked or time.monotonic() - checked[-1] > ALERT_SECONDS:
            checked[:] = [time.monotonic()]
            alert(mailer)
        return done

    return step


def alert(mailer) -> int:
    """Tell the operators of dead letters or a late backlog (at most hourly per condition);
    an unreachable mailer is logged and tried again at the next check."""
    config = current_app.extensions["convene_config"]
    if not config.operators_to.strip():
        return 0
    try:
        return send_alerts(mailer, "registration", backlog(db.session, OutboxMessage), config)
    except Exception as exc:  # noqa: BLE001 - never stop relaying for an alert
        log.error("event=alert.failed error=%s", type(exc).__name__)
        return 0


def start_selections(app, loop: Loop) -> threading.Thread:
    """Selections run in a thread of their own: a long run never holds up the e-mails.
    A run cut short by a stop is taken up again later (see `selection_runs.STALE`)."""
    owner = worker_id()

    def run() -> None:
        with app.app_context():
            while not loop.stopping:
                try:
                    busy = selection_runs.run_next(owner)
                except Exception as exc:  # noqa: BLE001 - e.g. database briefly unavailable
                    db.session.rollback()
                    log.error("event=selection.error error=%s", type(exc).__name__)
                    busy = 0
                if not busy:
                    time.sleep(loop.interval)

    thread = threading.Thread(target=run, name="selections", daemon=True)
    thread.start()
    return thread


def _configured() -> dict:
    return current_app.extensions["convene_config"].retention


def main() -> None:
    app = create_app()
    config = app.extensions["convene_config"]
    issuer = TokenIssuer(config.tokens.signing_key, issuer="registration")
    with app.app_context(), service_client(config.mailer_url, issuer, "mailer") as mailer:
        loop = Loop("registration", make_step(mailer), session=db.session)
        start_selections(app, loop)
        loop.run()


if __name__ == "__main__":
    main()
