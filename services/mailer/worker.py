"""The mailer's background work: `python -m services.mailer.worker`.

Each step: read the bounce mailbox (when configured), deliver transactional messages,
then send one batch of campaign deliveries. Once an hour, forget the per-address daily
counts of past days and sweep what is past its retention; once a minute, check what
operators must be told (`alerts`).

Bulk work, importing a file and queueing a campaign's recipients, runs in a thread of its
own (`make_bulk_step`), so a 100,000-row import never delays a confirmation e-mail.
"""

from __future__ import annotations

import threading
import time

from flask import current_app

from services.common.retention import Sweeper
from services.common.worker import Loop, drain, worker_id

from . import alerts, bounces, campaigns, create_app, import_jobs, recipients, retention, services
from .deliveries import send_batch
from .extensions import db
from .models import Message
from .senders import sender_from_config
from .throttle import SharedRateLimiter

PURGE_SECONDS = 3600
ALERT_SECONDS = 60


def make_bulk_step():
    """Queue due campaigns' recipients, then import one pending file."""

    def bulk_step() -> int:
        busy = 0
        while (campaign := campaigns.claim_due_campaign()) is not None:
            busy += campaigns.expand(campaign)
        job = import_jobs.claim_job()
        if job is not None:
            import_jobs.run_job(job)
            busy += 1
        return busy

    return bulk_step


def make_step(
    sender, batch: int | None = None, bounce_maildir: str | None = None, bulk: bool = True
):
    """`bulk`: do the bulk work in this step too (tests); the worker runs it apart."""
    owner = worker_id()
    bulk_step = make_bulk_step()
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
        if bulk:
            busy += bulk_step()
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
        loop = Loop(
            "mailer",
            make_step(sender, bounce_maildir=config.bounce_maildir, bulk=False),
            session=db.session,
        )
        start_bulk(app, loop)
        loop.run()


def start_bulk(app, loop: Loop) -> threading.Thread:
    """Imports and campaign expansion, in their own thread and database session; they
    stop with the worker (a job cut short is taken up again from its last batch)."""

    def run() -> None:
        with app.app_context():
            Loop("mailer-bulk", make_bulk_step(), loop.interval, db.session).run_while(
                lambda: not loop.stopping
            )

    thread = threading.Thread(target=run, name="mailer-bulk", daemon=True)
    thread.start()
    return thread


if __name__ == "__main__":
    main()
