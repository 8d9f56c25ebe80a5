"""Relays the grievance outbox: `python -m services.grievance.worker`."""

from __future__ import annotations

from services.common.worker import Loop, drain, worker_id

from . import create_app, services
from .extensions import db
from .models import OutboxMessage


class UnknownTopic(Exception):
    pass


def make_step():
    owner = worker_id()

    def handle(item: OutboxMessage) -> None:
        handler = services.TOPICS.get(item.topic)
        if handler is None:
            raise UnknownTopic(item.topic)
        handler(item.object_id)

    return lambda: drain(db.session, OutboxMessage, handle, owner, "grievance")


def main() -> None:
    app = create_app()
    with app.app_context():
        Loop("grievance", make_step()).run()


if __name__ == "__main__":
    main()
