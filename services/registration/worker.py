"""Relays the outbox to the mailer: `python -m services.registration.worker`."""

from __future__ import annotations

from services.common.auth import TokenIssuer
from services.common.http import service_client
from services.common.worker import Loop, drain, worker_id

from . import create_app, messages, selections
from .extensions import db
from .models import OutboxMessage

UPDATES = "registration.updates"


def make_step(mailer):
    owner = worker_id()

    def handle(item: OutboxMessage) -> None:
        key = {"Idempotency-Key": f"registration-{item.id}"}
        if item.topic == UPDATES:
            body = messages.subscription(item.object_id)
            if body is not None:  # double opt-in: the mailer asks the person to confirm
                mailer.post("/subscriptions", json=body).raise_for_status()
            return
        body = messages.build(item.topic, item.object_id)
        if body is not None:
            mailer.post("/messages", json=body, headers=key).raise_for_status()

    def step() -> int:
        done = drain(db.session, OutboxMessage, handle, owner, "registration")
        return done + selections.run_next(owner)

    return step


def main() -> None:
    app = create_app()
    config = app.extensions["convene_config"]
    issuer = TokenIssuer(config.jwt_secret, issuer="registration")
    with app.app_context(), service_client(config.mailer_url, issuer, "mailer") as mailer:
        Loop("registration", make_step(mailer)).run()


if __name__ == "__main__":
    main()
