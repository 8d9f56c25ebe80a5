"""Delivers queued messages: `python -m services.mailer.worker`."""

from __future__ import annotations

from services.common.worker import Loop, drain, worker_id

from . import create_app, services
from .extensions import db
from .models import Message
from .senders import sender_from_config


def make_step(sender):
    owner = worker_id()
    return lambda: drain(
        db.session, Message, lambda m: services.deliver(m, sender), owner, "mailer"
    )


def main() -> None:
    app = create_app()
    sender = sender_from_config(app.extensions["convene_config"])
    with app.app_context():
        Loop("mailer", make_step(sender)).run()


if __name__ == "__main__":
    main()
