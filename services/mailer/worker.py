"""The mailer's background work: `python -m services.mailer.worker`.

Each step: read the bounce mailbox (when configured), queue due campaigns' recipients,
import one pending file, deliver transactional messages, then send one batch of
campaign deliveries. Once an hour, forget the per-address daily counts of past days;
once a minute, check what operators must be told (`alerts`).
"""

from __future__ import annotations

import time

from flask import current_app

from services.common.retention import Sweeper
from services.common.worker import Loop, drain, worker_id

from . import alerts, bounces, campaigns, create_app, imports, recipients, retention, services
from .deliveries import send_batch
from .extensions import db
from .models import Message
from .senders import sender_from_config
from .throttle import SharedRateLimiter

PURGE_SECONDS = 3600
ALERT_SECONDS = 60


def make_step(sender, batch: int | None = None, bounce_maildir: str | None = None):
    owner = worker_id()
    purged: list[float] = []
    checked: list[float] = []

    sweeper = Sweeper(db.session, lambda: retention.rules(_configured()))

    def step() -> int:
        if not purged or time.monotonic() - purged[-1] > PURGE_SECONDS:
            recipients.purge()
            purged[:] = [time.monotonic()]
        if not checked or time.monotonic() - checked[-1] > ALERT_SECONDS:
            checked[:] = [time.monotonic()]
            alerts.check()
        busy = sweeper.maybe_run()
        busy += bounces.poll_maildir(bounce_maildir) if bounce_maildir else 0
        while (campaign := campaigns.claim_due_campaign()) is not None:
            busy += campaigns.expand(campaign)
        job = imports.claim_job()
        if job is not None:
            imports.run_job(job)
            busy += 1
        busy += drain(db.session, Message, lambda m: services.deliver(m, sender), owner, "mailer")
        sent = send_batch(sender, owner, batch)
        if not sent:
            campaigns.finish_sent()
        return busy + sent

    return step


def _configured() -> dict:
    return current_app.extensions["convene_config"].retention


def main() -> None:
    app = create_app()
    config = app.extensions["convene_config"]
    with app.app_context():
        limiter = SharedRateLimiter(db.engine, "all", config.max_rate)
        sender = sender_from_config(config, limiter)
        Loop(
            "mailer",
            make_step(sender, bounce_maildir=config.bounce_maildir),
            session=db.session,
        ).run()


if __name__ == "__main__":
    main()
